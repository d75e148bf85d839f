"""The toolkit for the framework's authors: export a version as a workbook, import an edited
workbook as a draft version, publish a version as a PDF or Word document.

These work on framework files, not on stored assessments, so they take no actor: like the
answers-file commands, they act on the files of the person running them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gcat.errors import AnswersFileError, Problem
from gcat.frameworks import load_framework
from gcat.frameworks.loader import drafts_dir, version_status
from gcat.limits import MAX_IMPORT_BYTES, MB
from gcat.services.outputs import Output
from gcat.toolkit.drafts import Draft, write_draft

__all__ = [
    "FEEDBACK_FORMATS",
    "PUBLISH_FORMATS",
    "collect_feedback_files",
    "export_toolkit",
    "import_toolkit",
    "publish_toolkit",
]

PUBLISH_FORMATS = ("pdf", "docx")
FEEDBACK_FORMATS = ("xlsx", "html")
MAX_FEEDBACK_FILES = 500
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bad_format(fmt: str, choices: tuple[str, ...]) -> AnswersFileError:
    return AnswersFileError(
        [Problem("check.bad_choice", {"choices": ", ".join(choices)}, field=f"--format {fmt}")]
    )


def _read(path: Path) -> bytes:
    """The bytes of ``path``, refused before reading when larger than an import may be."""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise AnswersFileError(
                [Problem("file.too_large", {"limit": MAX_IMPORT_BYTES // MB}, source=str(path))]
            )
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AnswersFileError(
            [Problem("file.unreadable", {"reason": reason}, source=str(path))]
        ) from exc


def export_toolkit(framework_id: str, version: str, fmt: str = "xlsx") -> Output:
    """The workbook of an installed version, for authors and translators."""
    if fmt != "xlsx":
        raise _bad_format(fmt, ("xlsx",))
    from gcat.toolkit.workbook import export_framework_workbook

    return Output(export_framework_workbook(load_framework(framework_id, version)), _XLSX, ".xlsx")


def import_toolkit(path: Path, as_version: str, lang: str) -> Draft:
    """Check an edited workbook and write it as the draft version ``as_version``."""
    from gcat.toolkit.workbook_import import read_framework_workbook

    read = read_framework_workbook(_read(path), str(path))
    return write_draft(read, as_version, drafts_dir(), lang)


def publish_toolkit(framework_id: str, version: str, fmt: str, lang: str) -> Output:
    """The toolkit of an installed version (packaged or draft) as PDF or Word, in ``lang``."""
    if fmt not in PUBLISH_FORMATS:
        raise _bad_format(fmt, PUBLISH_FORMATS)
    from gcat.toolkit.publish import build_toolkit

    framework = load_framework(framework_id, version)
    released, based_on = version_status(framework_id, version)
    ctx = build_toolkit(framework, lang, released=released, based_on=based_on)
    if fmt == "pdf":
        from gcat.toolkit.render import render_toolkit_pdf

        return Output(render_toolkit_pdf(ctx), "application/pdf", ".pdf")
    from gcat.toolkit.render import render_toolkit_docx

    return Output(render_toolkit_docx(ctx), _DOCX, ".docx")


def collect_feedback_files(paths: Sequence[Path], fmt: str, lang: str) -> Output:
    """The framework feedback of members' ``.gcat.json`` files, per indicator and level."""
    if fmt not in FEEDBACK_FORMATS:
        raise _bad_format(fmt, FEEDBACK_FORMATS)
    if not paths:
        raise AnswersFileError([Problem("feedback.no_files", {}, field="FILES")])
    if len(paths) > MAX_FEEDBACK_FILES:
        raise AnswersFileError(
            [Problem("feedback.too_many_files", {"limit": MAX_FEEDBACK_FILES}, field="FILES")]
        )
    from gcat.toolkit.feedback import collect_feedback, feedback_html, feedback_xlsx

    collection = collect_feedback([(str(path), _read(path)) for path in paths], lang)
    if fmt == "xlsx":
        return Output(feedback_xlsx(collection, lang), _XLSX, ".xlsx")
    return Output(
        feedback_html(collection, lang).encode("utf-8"), "text/html; charset=utf-8", ".html"
    )
