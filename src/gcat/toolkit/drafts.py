"""Draft framework versions: written from a workbook into the drafts folder, never over a
packaged version, with a change report against the version the workbook came from."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gcat.errors import FrameworkDataError, InputError, Problem, UnknownFrameworkError
from gcat.frameworks import load_framework, validate_path
from gcat.frameworks.loader import MANIFEST, packaged_versions
from gcat.i18n import message, message_n
from gcat.toolkit.changes import FrameworkChanges, compare_frameworks
from gcat.toolkit.workbook_import import WorkbookFramework

__all__ = ["Draft", "changes_markdown", "write_draft"]

_KIND_HEADINGS = {
    "added": "toolkit.texts_added",
    "changed": "toolkit.texts_changed",
    "retired": "toolkit.texts_retired",
}
_VERSION = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,40}$")


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft written to disk: its folder, and what changed from its source (if installed)."""

    path: Path
    version: str
    changes: FrameworkChanges | None
    report: Path | None


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_draft(read: WorkbookFramework, version: str, root: Path, lang: str) -> Draft:
    """Write ``read`` as version ``version`` under ``root`` (the drafts folder).

    Refused when ``version`` is not a plain version name, is a packaged version, or already
    exists as a draft: nothing released is ever overwritten, nor any earlier draft.
    """
    framework_id = str(read.manifest["id"])
    if not _VERSION.match(version):
        raise InputError([Problem("toolkit.bad_version", {"value": version[:40]}, field="--as")])
    if (framework_id, version) in set(packaged_versions()):
        raise InputError([Problem("toolkit.packaged_version", {"version": version}, field="--as")])
    target = root / framework_id / version
    if target.exists():
        raise InputError(
            [
                Problem(
                    "toolkit.draft_exists", {"version": version}, source=str(target), field="--as"
                )
            ]
        )
    source = _installed(framework_id, read.source_version)
    manifest = {**read.manifest, "version": version}
    if source is not None:
        manifest = {**manifest, "based_on": source.version}
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=target.parent))
    try:
        head = "# " + message("toolkit.draft_header", lang, source=read.source_version) + "\n"
        (work / MANIFEST).write_text(head + _dump(manifest), "utf-8")
        for domain in read.domains:
            (work / f"{domain['id']}.yaml").write_text(_dump(domain), "utf-8")
        problems = validate_path(work)
        if problems:  # the workbook checks passed, so this would be a bug: never keep it
            raise FrameworkDataError(problems)
        drafted = dataclasses.replace(read.framework, version=version)
        changes = compare_frameworks(source, drafted) if source is not None else None
        report = None
        if changes is not None:
            name = f"changes-from-{source.version}.md" if source is not None else ""
            (work / name).write_text(changes_markdown(changes, lang), "utf-8")
            report = target / name
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Draft(target, version, changes, report)


def _installed(framework_id: str, version: str) -> Any:
    try:
        return load_framework(framework_id, version)
    except (UnknownFrameworkError, FrameworkDataError):
        return None


def _quote(text: str) -> str:
    return " ".join(text.split()) or "—"


def changes_markdown(changes: FrameworkChanges, lang: str) -> str:
    """The change report of a draft, in ``lang`` (the texts themselves in their language)."""
    out = [
        "# "
        + message("toolkit.changes_title", lang, old=changes.old_version, new=changes.new_version),
        "",
    ]
    if changes.added_indicators:
        out += [
            message("toolkit.added_indicators", lang, ids=", ".join(changes.added_indicators)),
            "",
        ]
    if changes.retired_indicators:
        out += [
            message("toolkit.retired_indicators", lang, ids=", ".join(changes.retired_indicators)),
            "",
        ]
    if not changes.texts:
        out += [message("toolkit.no_changes", lang), ""]
    for text_lang in changes.languages:
        items = [t for t in changes.texts if t.lang == text_lang]
        if not items:
            continue
        out += [f"## {text_lang}", ""]
        out.append(
            message_n("toolkit.count_added", changes.count(text_lang, "added"), lang)
            + " · "
            + message_n("toolkit.count_changed", changes.count(text_lang, "changed"), lang)
            + " · "
            + message_n("toolkit.count_retired", changes.count(text_lang, "retired"), lang)
        )
        out.append("")
        for kind in ("added", "changed", "retired"):
            chosen = [t for t in items if t.kind == kind]
            if not chosen:
                continue
            out += [f"### {message(_KIND_HEADINGS[kind], lang)}", ""]
            for item in chosen:
                out.append(f"- **{item.owner} · {item.key}**")
                if kind != "added":
                    out.append(f"  - {message('toolkit.before', lang)} {_quote(item.before)}")
                if kind != "retired":
                    out.append(f"  - {message('toolkit.after', lang)} {_quote(item.after)}")
            out.append("")
    return "\n".join(out)
