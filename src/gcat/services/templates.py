"""Blank Annex I templates for members: a Word form, a workbook, or a commented YAML file."""

from __future__ import annotations

from gcat.frameworks import load_framework

__all__ = ["TEMPLATE_FORMATS", "practice_template"]

TEMPLATE_FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "yaml": ("application/yaml; charset=utf-8", ".yaml"),
}
"""Template formats with their media types and file suffixes."""


def practice_template(fmt: str, lang: str) -> bytes:
    """The blank template in ``fmt`` (docx, xlsx or yaml) and ``lang``."""
    framework = load_framework()
    if fmt == "docx":
        from gcat.practices.template_docx import docx_template

        return docx_template(framework, lang)
    if fmt == "xlsx":
        from gcat.practices.workbook import xlsx_template

        return xlsx_template(framework, lang)
    if fmt == "yaml":
        from gcat.practices.template_yaml import yaml_template

        return yaml_template(framework, lang).encode("utf-8")
    raise ValueError(fmt)
