"""The backup file (``.gcat-backup``): a whole database, evidence files included, in one file.

A zip archive of:

- ``tables/<table>.jsonl`` — one line per row, a JSON array of the values in column order;
  a binary value (an evidence file) is the SHA-256 of its bytes, which are the member
- ``blobs/<sha256>`` — each distinct file once;
- ``manifest.json`` — the format (``gcat-backup/1``), when and by which gcat it was made, the
  database's schema revision and kind, every table with its columns (name and kind), row count,
  member and the member's SHA-256, every blob's size, the id counters (``sequences``), and the
  ``checksum``: the SHA-256 of the manifest itself without that key (canonical JSON). As the
  manifest holds every member's hash, the checksum covers the whole file.

:func:`open_backup` checks all of it before anything is restored: the zip (member names,
count and sizes, counted as they are read, so a zip bomb stops early), the manifest, the
checksum, every member's hash and every table's row count.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from gcat.errors import InputError, Problem
from gcat.limits import MAX_BACKUP_MEMBERS, MAX_BACKUP_UNPACKED_BYTES, MB
from gcat.storage.backup import KINDS, TableDump, decode, encode

__all__ = [
    "FORMAT",
    "SUFFIX",
    "BackupInfo",
    "BackupReader",
    "TableInfo",
    "open_backup",
    "write_backup",
]

FORMAT = "gcat-backup/1"
SUFFIX = ".gcat-backup"
MANIFEST = "manifest.json"
MAX_MANIFEST = 16 * MB
MAX_LINE = 4 * MB
_TABLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20
_SAMPLE = 64 * 1024


def _packing(data: bytes) -> int:
    """Deflate a file only when it compresses: most evidence (PDF, office files, images) is
    compressed already, and deflating it again costs time for nothing."""
    sample = data[:_SAMPLE]
    return (
        zipfile.ZIP_DEFLATED
        if len(zlib.compress(sample, 1)) < 0.9 * len(sample)
        else zipfile.ZIP_STORED
    )


def _fail(code: str, source: str, **params: Any) -> InputError:
    return InputError([Problem(code, params, source=source)])


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class TableInfo:
    """One table of a backup."""

    name: str
    columns: dict[str, str]
    rows: int
    member: str
    sha256: str


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup holds, from its manifest."""

    created_at: str
    gcat_version: str
    revision: str
    dialect: str
    tables: tuple[TableInfo, ...]
    blobs: dict[str, int]
    sequences: dict[str, int]
    checksum: str

    @property
    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table.name: table.rows for table in self.tables}

    @property
    def file_bytes(self) -> int:
        """The total size of the evidence files (and any other binary values) it holds."""
        return sum(self.blobs.values())


def _manifest(info: BackupInfo) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": info.created_at,
        "gcat_version": info.gcat_version,
        "schema_revision": info.revision,
        "dialect": info.dialect,
        "tables": [
            {
                "name": t.name,
                "columns": [[name, kind] for name, kind in t.columns.items()],
                "rows": t.rows,
                "member": t.member,
                "sha256": t.sha256,
            }
            for t in info.tables
        ],
        "blobs": dict(sorted(info.blobs.items())),
        "sequences": dict(sorted(info.sequences.items())),
    }


def write_backup(
    out: IO[bytes],
    tables: Iterable[TableDump],
    *,
    revision: str,
    sequences: dict[str, int],
    dialect: str,
    created_at: str,
    gcat_version: str,
) -> BackupInfo:
    """Write a backup of ``tables`` to ``out`` (a seekable binary file); what it holds."""
    infos: list[TableInfo] = []
    blobs: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for table in tables:
            kinds = list(table.kinds.values())
            digest = hashlib.sha256()
            count = 0
            with tempfile.SpooledTemporaryFile(max_size=16 * MB) as lines:
                for row in table.rows:
                    values = []
                    for value, kind in zip(row, kinds, strict=True):
                        encoded = encode(value, kind)
                        if kind == "blob" and encoded is not None:
                            sha = hashlib.sha256(encoded).hexdigest()
                            if sha not in blobs:
                                zf.writestr(
                                    f"blobs/{sha}", encoded, compress_type=_packing(encoded)
                                )
                                blobs[sha] = len(encoded)
                            encoded = sha
                        values.append(encoded)
                    line = _canonical(values) + b"\n"
                    digest.update(line)
                    lines.write(line)
                    count += 1
                lines.seek(0)
                member = f"tables/{table.name}.jsonl"
                with zf.open(member, "w", force_zip64=True) as target:
                    while chunk := lines.read(_CHUNK):
                        target.write(chunk)
            infos.append(
                TableInfo(table.name, dict(table.kinds), count, member, digest.hexdigest())
            )
        info = BackupInfo(
            created_at, gcat_version, revision, dialect, tuple(infos), blobs, sequences, ""
        )
        manifest = _manifest(info)
        checksum = hashlib.sha256(_canonical(manifest)).hexdigest()
        zf.writestr(MANIFEST, json.dumps({**manifest, "checksum": checksum}, indent=1))
    return BackupInfo(
        created_at, gcat_version, revision, dialect, tuple(infos), blobs, sequences, checksum
    )


@dataclass
class _Budget:
    """The unpacked bytes a backup may still give, counted as members are read."""

    left: int = MAX_BACKUP_UNPACKED_BYTES
    source: str = ""

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _fail("backup.too_large", self.source, limit=MAX_BACKUP_UNPACKED_BYTES // MB)


def _text(data: Any, key: str, source: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > 200:
        raise _fail("backup.bad_manifest", source, key=key)
    return value


def _int(value: Any, key: str, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail("backup.bad_manifest", source, key=key)
    return value


def _parse_table(item: Any, source: str) -> TableInfo:
    if not isinstance(item, dict):
        raise _fail("backup.bad_manifest", source, key="tables")
    name = _text(item, "name", source)
    columns = item.get("columns")
    if not _TABLE.match(name) or not isinstance(columns, list):
        raise _fail("backup.bad_manifest", source, key="tables")
    kinds: dict[str, str] = {}
    for pair in columns:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not isinstance(pair[0], str)
            or not _TABLE.match(pair[0])
            or pair[1] not in KINDS
        ):
            raise _fail("backup.bad_manifest", source, key=f"tables.{name}.columns")
        kinds[pair[0]] = pair[1]
    sha = _text(item, "sha256", source)
    member = f"tables/{name}.jsonl"
    if not _SHA.match(sha) or _text(item, "member", source) != member:
        raise _fail("backup.bad_manifest", source, key=f"tables.{name}")
    return TableInfo(name, kinds, _int(item.get("rows"), "rows", source), member, sha)


def _parse_manifest(raw: bytes, source: str) -> BackupInfo:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("backup.bad_manifest", source, key=MANIFEST) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail("backup.not_a_backup", source)
    checksum = _text(data, "checksum", source)
    body = {key: value for key, value in data.items() if key != "checksum"}
    if hashlib.sha256(_canonical(body)).hexdigest() != checksum:
        raise _fail("backup.bad_checksum", source)
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, list):
        raise _fail("backup.bad_manifest", source, key="tables")
    tables = [_parse_table(item, source) for item in raw_tables]
    if len({t.name for t in tables}) != len(tables):
        raise _fail("backup.bad_manifest", source, key="tables")
    raw_blobs = data.get("blobs")
    raw_sequences = data.get("sequences")
    if not isinstance(raw_blobs, dict) or not isinstance(raw_sequences, dict):
        raise _fail("backup.bad_manifest", source, key="blobs")
    blobs = {str(sha): _int(size, "blobs", source) for sha, size in raw_blobs.items()}
    if not all(_SHA.match(sha) for sha in blobs):
        raise _fail("backup.bad_manifest", source, key="blobs")
    sequences = {str(k): _int(v, "sequences", source) for k, v in raw_sequences.items()}
    if not all(_TABLE.match(k) for k in sequences):
        raise _fail("backup.bad_manifest", source, key="sequences")
    return BackupInfo(
        _text(data, "created_at", source),
        _text(data, "gcat_version", source),
        _text(data, "schema_revision", source),
        _text(data, "dialect", source),
        tuple(tables),
        blobs,
        sequences,
        checksum,
    )


@dataclass
class BackupReader:
    """An opened, fully checked backup: its manifest and its rows."""

    zf: zipfile.ZipFile
    info: BackupInfo
    source: str
    budget: _Budget = field(default_factory=_Budget)

    def rows(self, table: TableInfo) -> Iterator[dict[str, Any]]:
        """The rows of ``table`` as column → value, blobs read back from their members."""
        names = list(table.columns)
        kinds = list(table.columns.values())
        with self.zf.open(table.member) as member:
            while line := member.readline(MAX_LINE + 1):
                try:
                    values = json.loads(line)
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise _fail("backup.bad_row", self.source, table=table.name) from exc
                if not isinstance(values, list) or len(values) != len(names):
                    raise _fail("backup.bad_row", self.source, table=table.name)
                yield {
                    name: decode(
                        self._blob(str(value)) if kind == "blob" and value is not None else value,
                        kind,
                    )
                    for name, kind, value in zip(names, kinds, values, strict=True)
                }

    def _blob(self, sha: str) -> bytes:
        if sha not in self.info.blobs:
            raise _fail("backup.bad_row", self.source, table="blobs")
        data = self.zf.read(f"blobs/{sha}")
        if hashlib.sha256(data).hexdigest() != sha:
            raise _fail("backup.bad_checksum", self.source)
        return data

    def close(self) -> None:
        """Close the archive."""
        self.zf.close()


def _check_members(zf: zipfile.ZipFile, info: BackupInfo, source: str, budget: _Budget) -> None:
    """Every member is one the manifest names, with its hash and, for tables, its rows."""
    expected = {MANIFEST} | {t.member for t in info.tables} | {f"blobs/{s}" for s in info.blobs}
    names = [entry.filename for entry in zf.infolist()]
    if len(names) != len(set(names)) or set(names) != expected:
        raise _fail("backup.bad_members", source)
    for table in info.tables:
        digest = hashlib.sha256()
        count = 0
        with zf.open(table.member) as member:
            while line := member.readline(MAX_LINE + 1):
                if len(line) > MAX_LINE or not line.endswith(b"\n"):
                    raise _fail("backup.bad_row", source, table=table.name)
                budget.take(len(line))
                digest.update(line)
                count += 1
        if digest.hexdigest() != table.sha256 or count != table.rows:
            raise _fail("backup.bad_checksum", source)
    for sha, size in info.blobs.items():
        digest = hashlib.sha256()
        read = 0
        with zf.open(f"blobs/{sha}") as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                budget.take(len(chunk))
                digest.update(chunk)
        if digest.hexdigest() != sha or read != size:
            raise _fail("backup.bad_checksum", source)


def open_backup(source: IO[bytes], name: str) -> BackupReader:
    """Open and check a backup file completely (InputError naming what is wrong)."""
    budget = _Budget(source=name)
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail("backup.not_a_backup", name) from exc
    try:
        if len(zf.infolist()) > MAX_BACKUP_MEMBERS:
            raise _fail("backup.bad_members", name)
        try:
            entry = zf.getinfo(MANIFEST)
        except KeyError as exc:
            raise _fail("backup.not_a_backup", name) from exc
        if entry.file_size > MAX_MANIFEST:
            raise _fail("backup.bad_manifest", name, key=MANIFEST)
        with zf.open(entry) as member:
            raw = member.read(MAX_MANIFEST + 1)
        budget.take(len(raw))
        info = _parse_manifest(raw, name)
        _check_members(zf, info, name, budget)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        zf.close()
        raise _fail("backup.not_a_backup", name) from exc
    except BaseException:
        zf.close()
        raise
    return BackupReader(zf, info, name, budget)
