"""Use-cases on evidence files: attach one (checked), list them, fetch one."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from gcat.core.records import EvidenceFile
from gcat.limits import EVIDENCE_TYPES, MAX_NAME, MAX_UPLOAD_BYTES, MB
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import invalid, load_in, now, refuse_locked, visible_header
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = ["add_evidence", "evidence_file", "evidence_files", "evidence_use"]


def _safe_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return cleaned[:MAX_NAME] or "file"


def add_evidence(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    filename: str,
    data: bytes,
    quota: int,
) -> EvidenceFile:
    """Store an evidence file after checking its size, its type and the assessment's quota of
    ``quota`` bytes in all; keep its SHA-256."""
    require(actor, Right.EDIT)
    name = _safe_filename(filename)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in EVIDENCE_TYPES:
        raise invalid("file", "upload.bad_type", allowed=", ".join(sorted(EVIDENCE_TYPES)))
    if len(data) > MAX_UPLOAD_BYTES:
        raise invalid("file", "file.too_large", limit=MAX_UPLOAD_BYTES // MB)
    if not data:
        raise invalid("file", "upload.empty")
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        refuse_locked(loaded.stored)
        if indicator_id not in loaded.framework.indicators or not loaded.assessment.covers(
            loaded.framework.indicator(indicator_id).domain_id
        ):
            raise invalid("indicator_id", "answers.unknown_indicator", id=indicator_id)
        used = repo.evidence_bytes(conn, assessment_id=assessment_id)
        if used + len(data) > quota:
            raise invalid("file", "upload.quota", used=_mb(used), limit=_mb(quota))
        file_id = repo.add_evidence_file(
            conn,
            assessment=loaded.stored,
            indicator_id=indicator_id,
            filename=name,
            content_type=EVIDENCE_TYPES[suffix],
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
            who=actor.name,
            now=now(),
        )
        files = repo.evidence_files_of(conn, assessment_id=assessment_id)
    return next(f for f in files if f.id == file_id)


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


def evidence_files(actor: Actor, engine: sa.Engine, assessment_id: int) -> list[EvidenceFile]:
    """The metadata of an assessment's evidence files, in upload order."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.evidence_files_of(conn, assessment_id=assessment_id)


def evidence_file(
    actor: Actor, engine: sa.Engine, assessment_id: int, file_id: int
) -> tuple[EvidenceFile, bytes]:
    """One evidence file with its bytes (NotFoundError when absent or hidden)."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.evidence_file_data(conn, assessment_id=assessment_id, file_id=file_id)


def evidence_use(actor: Actor, engine: sa.Engine, assessment_id: int) -> int:
    """Bytes of evidence files an assessment holds (its quota is the app's setting)."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.evidence_bytes(conn, assessment_id=assessment_id)
