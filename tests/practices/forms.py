"""Fill in the Word template as a member would in Word: by content control."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def _set_text(sdt: etree._Element, text: str) -> None:
    content = sdt.find("w:sdtContent", NS)
    properties = sdt.find("w:sdtPr", NS)
    for marker in properties.findall("w:showingPlcHdr", NS):
        properties.remove(marker)
    paragraphs = content.findall("w:p", NS)
    if paragraphs:  # a block control: one paragraph per line
        template = paragraphs[0]
        for paragraph in paragraphs:
            content.remove(paragraph)
        for line in text.split("\n"):
            paragraph = etree.SubElement(content, f"{{{W}}}p")
            p_pr = template.find("w:pPr", NS)
            if p_pr is not None:
                paragraph.append(etree.fromstring(etree.tostring(p_pr)))
            run = etree.SubElement(paragraph, f"{{{W}}}r")
            node = etree.SubElement(run, f"{{{W}}}t")
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            node.text = line
        return
    for run in content.findall("w:r", NS):
        content.remove(run)
    run = etree.SubElement(content, f"{{{W}}}r")
    node = etree.SubElement(run, f"{{{W}}}t")
    node.text = text


def fill_docx(data: bytes, values: dict[str, object]) -> bytes:
    """``data`` (the template) with each tagged control set: text, True to tick, or a
    drop-down value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        if tag is None or tag.get(f"{{{W}}}val") not in values:
            continue
        value = values[tag.get(f"{{{W}}}val")]
        properties = sdt.find("w:sdtPr", NS)
        box = properties.find("w14:checkbox", NS)
        listing = properties.find("w:dropDownList", NS)
        if box is not None:
            box.find("w14:checked", NS).set(f"{{{W14}}}val", "1" if value else "0")
            _set_text(sdt, "☒" if value else "☐")
        elif listing is not None:
            shown = next(
                item.get(f"{{{W}}}displayText")
                for item in listing.findall("w:listItem", NS)
                if item.get(f"{{{W}}}value") == value
            )
            _set_text(sdt, shown)
        else:
            _set_text(sdt, str(value))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (
                etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                if item.filename == "word/document.xml"
                else source.read(item.filename)
            )
            target.writestr(item, body)
    return out.getvalue()
