"""Read a filled-in Word template back into a practice-file mapping.

The container is checked before anything is unpacked (size, parts, compression, macros); the
document part is parsed with defusedxml. Every content control of the template carries the tag
of its field; untouched placeholders read as empty. A Word file without those controls is not
a template: :func:`is_template` tells the importer to keep it as a free-format attachment.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from gcat.core.model import Framework
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.i18n import LANGUAGES, message
from gcat.limits import MB
from gcat.practices.template_docx import MEASURE_FIELDS
from gcat.practices.wordforms import CHECKED, W14_NS, W_NS

__all__ = ["DOCX_PARTS", "Control", "docx_controls", "docx_mapping", "is_template", "read_controls"]

DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}
_MAX_DOCUMENT_PART = 20 * MB
_W = f"{{{W_NS}}}"
_W14 = f"{{{W14_NS}}}"
_TICKS = {CHECKED, "☑", "✓", "✔", "x", "X"}
_SPLIT = re.compile(r"[,;\s]+")

Controls = dict[str, str | bool]


@dataclass(frozen=True, slots=True)
class Control:
    """One content control as found: its tag (None when an editor dropped it), kind and value."""

    tag: str | None
    kind: str
    value: str | bool


def _document_part(data: bytes, source: str) -> Element:
    check_archive(data, source, "DOCX", DOCX_PARTS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo("word/document.xml").file_size > _MAX_DOCUMENT_PART:
            raise InputError(
                [
                    Problem(
                        "archive.too_large_unpacked",
                        {"limit": _MAX_DOCUMENT_PART // MB},
                        source=source,
                    )
                ]
            )
        xml = archive.read("word/document.xml")
    try:
        root: Element = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml refuses entities and DTDs; anything else is damage
        raise InputError([Problem("archive.not_archive", {"kind": "DOCX"}, source=source)]) from exc
    return root


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _content_text(content: Element) -> str:
    paragraphs = [node for node in content.iter() if node.tag == f"{_W}p"]
    if not paragraphs:
        return _paragraph_text(content)
    return "\n\n".join(_paragraph_text(paragraph) for paragraph in paragraphs)


@cache
def _placeholders() -> frozenset[str]:
    """Placeholder texts of the template in every language (an editor may keep them as text)."""
    codes = ("practices.click_to_type", "practices.choose")
    return frozenset({"…"} | {message(code, lang) for code in codes for lang in LANGUAGES})


def _control(properties: Element, content: Element | None) -> Control:
    tag_node = properties.find(f"{_W}tag")
    tag = tag_node.get(f"{_W}val") if tag_node is not None else None
    text = _content_text(content) if content is not None else ""
    box = properties.find(f"{_W14}checkbox")
    if box is not None:
        checked = box.find(f"{_W14}checked")
        state = checked.get(f"{_W14}val", "0") if checked is not None else "0"
        return Control(tag, "checkbox", state in ("1", "true") or text.strip() in _TICKS)
    listing = properties.find(f"{_W}dropDownList")
    if listing is None:
        listing = properties.find(f"{_W}comboBox")
    kind = (
        "list"
        if listing is not None
        else "text"
        if properties.find(f"{_W}text") is not None
        else "rich"
    )
    if properties.find(f"{_W}showingPlcHdr") is not None or text.strip() in _placeholders():
        return Control(tag, kind, "")
    if listing is not None:
        for item in listing.findall(f"{_W}listItem"):
            if item.get(f"{_W}displayText", "").strip() == text.strip():
                return Control(tag, kind, item.get(f"{_W}value", text))
    return Control(tag, kind, text)


def _controls_in(element: Element) -> list[Control]:
    found = []
    for sdt in element.iter(f"{_W}sdt"):
        properties = sdt.find(f"{_W}sdtPr")
        if properties is not None:
            found.append(_control(properties, sdt.find(f"{_W}sdtContent")))
    return found


def _ends_answer(paragraph: Element) -> bool:
    """A heading or an instruction paragraph: the end of the text typed after a control."""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    name = style.get(f"{_W}val", "") if style is not None else ""
    return name.startswith("Heading") or name in ("Note", "Title")


def read_controls(data: bytes, source: str) -> list[Control]:
    """Every content control of a Word file, in document order.

    The text of a multi-paragraph answer is the control's content plus the plain paragraphs that
    follow it up to the next heading, instruction or control: some editors keep only the first
    paragraph inside the control.
    """
    body = _document_part(data, source).find(f"{_W}body")
    found: list[Control] = []
    if body is None:
        return found
    open_answer: int | None = None
    for child in body:
        inside = _controls_in(child)
        if inside:
            found.extend(inside)
            last = inside[-1]
            open_answer = (
                len(found) - 1 if last.kind == "rich" and child.tag != f"{_W}tbl" else None
            )
        elif child.tag == f"{_W}p":
            if _ends_answer(child):
                open_answer = None
            elif open_answer is not None:
                extra = _paragraph_text(child)
                if extra.strip():
                    current = found[open_answer]
                    joined = f"{current.value}\n\n{extra}" if current.value else extra
                    found[open_answer] = Control(current.tag, current.kind, joined)
        else:
            open_answer = None
    return found


@cache
def _template_layout(framework: Framework) -> tuple[tuple[str | None, str], ...]:
    """The (tag, kind) of every control of the blank template, in order."""
    from gcat.practices.template_docx import docx_template

    blank = docx_template(framework, "en")
    return tuple((control.tag, control.kind) for control in read_controls(blank, "template"))


def docx_controls(data: bytes, source: str, framework: Framework) -> Controls:
    """The value of every content control of the template, by tag (check boxes as booleans).

    Some editors (LibreOffice) keep the controls but drop their tags; when the controls then
    have exactly the template's layout, their place tells which field each one holds.
    """
    controls = read_controls(data, source)
    if controls and all(control.tag is None for control in controls):
        layout = _template_layout(framework)
        if [kind for _, kind in layout] == [control.kind for control in controls]:
            return {tag: c.value for (tag, _), c in zip(layout, controls, strict=True) if tag}
    found: Controls = {}
    for control in controls:
        if control.tag and control.tag not in found:
            found[control.tag] = control.value
    return found


def is_template(controls: Controls) -> bool:
    """Whether the controls are those of gcat's template (it always has member and consent)."""
    return {"member", "consent"} <= set(controls)


def _text(controls: Controls, key: str) -> str:
    value = controls.get(key, "")
    return value if isinstance(value, str) else ""


def docx_mapping(controls: Controls) -> dict[str, Any]:
    """The practice-file mapping the controls of a filled-in template give."""
    ticked = [key for key, value in controls.items() if value is True]
    primary = _text(controls, "primary_domain").strip()
    domains = [primary] if primary else []
    domains += [key.split(":", 1)[1] for key in ticked if key.startswith("domain:")]
    measures = []
    for row in range(1, 100):
        cells = {
            field: _text(controls, f"measure:{row}:{field}").strip() for field in MEASURE_FIELDS
        }
        if f"measure:{row}:indicator" not in controls:
            break
        if any(cells.values()):
            measures.append({key: value for key, value in cells.items() if value})
    mapping: dict[str, Any] = {
        "member": _text(controls, "member"),
        "contact": {
            key: _text(controls, f"contact_{key}") for key in ("name", "role", "email", "phone")
        },
        "title": _text(controls, "title"),
        "domains": list(dict.fromkeys(domains)),
        "thematic_areas": [key.split(":", 1)[1] for key in ticked if key.startswith("area:")],
        "gcat_indicators": [
            item for item in _SPLIT.split(_text(controls, "gcat_indicators")) if item
        ],
        "measurable_results": measures,
        "links": [line.strip() for line in _text(controls, "links").splitlines() if line.strip()],
        "consent": _text(controls, "consent").strip() or None,
        "withheld": [key.split(":", 1)[1] for key in ticked if key.startswith("withhold:")],
        "lang": _text(controls, "lang").strip(),
    }
    for key in ("background", "description", "results", "challenges", "future_plans"):
        mapping[key] = _text(controls, key)
    return mapping
