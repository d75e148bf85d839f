"""Word content controls (``w:sdt``): text boxes, check boxes and drop-down lists with tags.

python-docx cannot write them, so they are built here with lxml; every control carries a
``w:tag`` naming the practice field it holds, which is how :mod:`gcat.practices.docx_reader`
finds the answers again. Placeholder text is marked ``w:showingPlcHdr``, so an untouched
control reads as empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from gcat.reports.wordml import xml_text

__all__ = [
    "CHECKED",
    "UNCHECKED",
    "W14_NS",
    "W_NS",
    "add_checkbox",
    "add_dropdown",
    "add_inline_text",
    "text_block",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
_NS = f'xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"'
CHECKED, UNCHECKED = "☒", "☐"
_PLACEHOLDER_RUN = (
    '<w:r><w:rPr><w:color w:val="6B7280"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
)


def _attr(value: str) -> str:
    return quoteattr(xml_text(value))


def _text(value: str) -> str:
    return escape(xml_text(value))


def _properties(tag: str, title: str, extra: str = "", *, placeholder: bool = True) -> str:
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    return (
        f"<w:sdtPr><w:alias w:val={_attr(title)}/><w:tag w:val={_attr(tag)}/>"
        f"{shown}{extra}</w:sdtPr>"
    )


def text_block(tag: str, title: str, placeholder: str, style_id: str = "Normal") -> BaseOxmlElement:
    """A block-level rich-text control (several paragraphs allowed) showing ``placeholder``."""
    run = _PLACEHOLDER_RUN.format(_text(placeholder))
    xml = (
        f"<w:sdt {_NS}>{_properties(tag, title)}<w:sdtContent>"
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{run}</w:p>'
        "</w:sdtContent></w:sdt>"
    )
    element: BaseOxmlElement = parse_xml(xml)
    return element


def add_inline_text(
    paragraph: Paragraph, tag: str, title: str, placeholder: str, value: str = ""
) -> None:
    """A one-line text control at the end of ``paragraph``."""
    content = (
        f'<w:r><w:t xml:space="preserve">{_text(value)}</w:t></w:r>'
        if value
        else _PLACEHOLDER_RUN.format(_text(placeholder))
    )
    xml = (
        f"<w:sdt {_NS}>{_properties(tag, title, '<w:text/>', placeholder=not value)}"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )
    paragraph._p.append(parse_xml(xml))


def add_checkbox(paragraph: Paragraph, tag: str, title: str) -> None:
    """An unticked check box at the end of ``paragraph``."""
    box = (
        '<w14:checkbox><w14:checked w14:val="0"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
    )
    xml = (
        f"<w:sdt {_NS}>{_properties(tag, title, box, placeholder=False)}<w:sdtContent>"
        f'<w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
        f"<w:t>{UNCHECKED}</w:t></w:r></w:sdtContent></w:sdt>"
    )
    paragraph._p.append(parse_xml(xml))


def add_dropdown(
    paragraph: Paragraph,
    tag: str,
    title: str,
    placeholder: str,
    choices: Sequence[tuple[str, str]],
    value: str | None = None,
) -> None:
    """A drop-down list of ``(value, shown text)`` choices; ``value`` chosen, else none."""
    items = "".join(
        f"<w:listItem w:displayText={_attr(shown)} w:value={_attr(key)}/>" for key, shown in choices
    )
    chosen = dict(choices).get(value) if value is not None else None
    content = (
        f"<w:r><w:t>{_text(chosen)}</w:t></w:r>"
        if chosen
        else _PLACEHOLDER_RUN.format(_text(placeholder))
    )
    listing = f"<w:dropDownList>{items}</w:dropDownList>"
    xml = (
        f"<w:sdt {_NS}>{_properties(tag, title, listing, placeholder=not chosen)}"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )
    paragraph._p.append(parse_xml(xml))
