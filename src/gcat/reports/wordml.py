"""WordprocessingML that python-docx has no API for: fields, bookmarks, shading, table options.

Word refuses files whose property elements are out of the schema's order, so every element is
inserted at its place in the sequence (`_ORDER`), replacing one of the same name.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "add_bookmark",
    "add_field",
    "add_internal_link",
    "cant_split",
    "clear_borders",
    "field_parts",
    "paragraph_after",
    "repeat_header",
    "set_cell_margins",
    "set_document_settings",
    "set_fixed_layout",
    "set_language",
    "set_table_borders",
    "shade",
    "shade_run",
    "track_revisions",
    "xml_text",
]

# The order of the children of the property elements used here (ECMA-376 part 1, §17).
_ORDER = {
    "w:tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
    ),
    "w:trPr": (
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
        "tblCellSpacing jc hidden"
    ),
    "w:tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
        "vAlign hideMark"
    ),
    "w:rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "w:settings": (
        "writeProtection view zoom removePersonalInformation removeDateAndTime "
        "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
        "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
        "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
        "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
        "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
        "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
        "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection "
        "autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
        "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength "
        "clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting "
        "bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
        "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
        "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
        "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
        "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
        "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
        "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
        "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
        "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids"
    ),
}
_RANK = {
    qn(parent): {qn(f"w:{name}"): n for n, name in enumerate(order.split())}
    for parent, order in _ORDER.items()
}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the control characters that XML cannot hold."""
    return _NOT_XML.sub("", value)


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _put(parent: BaseOxmlElement, child: BaseOxmlElement) -> None:
    """Insert ``child`` in ``parent`` at its place in the schema order, replacing its namesake."""
    rank = _RANK[parent.tag]
    for old in parent.findall(child.tag):
        parent.remove(old)
    mine = rank[child.tag]
    for existing in parent:
        if rank.get(existing.tag, -1) > mine:
            existing.addprevious(child)
            return
    parent.append(child)


def field_parts(instruction: str, cached: str = "") -> list[BaseOxmlElement]:
    """The five run contents of a field: begin, instruction, separate, cached result, end."""
    parts = [
        _element("w:fldChar", fldCharType="begin"),
        _element("w:instrText"),
        _element("w:fldChar", fldCharType="separate"),
        _element("w:t"),
        _element("w:fldChar", fldCharType="end"),
    ]
    parts[1].set(qn("xml:space"), "preserve")
    parts[1].text = f" {instruction} "
    parts[3].text = cached
    return parts


def add_field(paragraph: Paragraph, instruction: str, cached: str = "") -> None:
    """A field (PAGE, NUMPAGES, PAGEREF…) with ``cached`` as the text shown until it updates."""
    for part in field_parts(instruction, cached):
        paragraph.add_run()._r.append(part)


def paragraph_after(paragraph: Paragraph) -> Paragraph:
    """A new, empty paragraph right after ``paragraph``."""
    element = OxmlElement("w:p")
    paragraph._p.addnext(element)
    return Paragraph(element, paragraph._parent)


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content in the bookmark ``name`` (a TOC or PAGEREF target)."""
    p = paragraph._p
    start = _element("w:bookmarkStart", id=str(bookmark_id), name=name)
    if p.pPr is not None:
        p.pPr.addnext(start)
    else:
        p.insert(0, start)
    p.append(_element("w:bookmarkEnd", id=str(bookmark_id)))


def add_internal_link(paragraph: Paragraph, anchor: str) -> BaseOxmlElement:
    """An empty hyperlink to the bookmark ``anchor``; the caller moves runs into it."""
    link = _element("w:hyperlink", anchor=anchor, history="1")
    paragraph._p.append(link)
    return link


def shade(cell: _Cell, fill: str) -> None:
    """Fill the cell with the colour ``fill`` (``#rrggbb``)."""
    _put(cell._tc.get_or_add_tcPr(), _element("w:shd", val="clear", color="auto", fill=fill[1:]))


def shade_run(run: Run, fill: str) -> None:
    """Set the background of a run of text to ``fill`` (``#rrggbb``)."""
    _put(run._r.get_or_add_rPr(), _element("w:shd", val="clear", color="auto", fill=fill[1:]))


def clear_borders(cell: _Cell, *sides: str) -> None:
    """Remove the table's rules on the ``sides`` of ``cell`` ("top", "bottom")."""
    borders = _element("w:tcBorders")
    for side in ("top", "bottom"):
        if side in sides:
            borders.append(_element(f"w:{side}", val="nil"))
    _put(cell._tc.get_or_add_tcPr(), borders)


def set_cell_margins(cell: _Cell, *, left: int, right: int, top: int = 0, bottom: int = 0) -> None:
    """Inner margins of one cell, in twentieths of a point."""
    margins = _element("w:tcMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_element(f"w:{side}", w=str(value), type="dxa"))
    _put(cell._tc.get_or_add_tcPr(), margins)


def repeat_header(row: _Row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    _put(row._tr.get_or_add_trPr(), _element("w:tblHeader"))


def cant_split(row: _Row) -> None:
    """Keep ``row`` on one page."""
    _put(row._tr.get_or_add_trPr(), _element("w:cantSplit"))


def set_fixed_layout(table: Table, widths: list[int]) -> None:
    """Fixed column widths (twentieths of a point), so long words wrap instead of widening."""
    tbl_pr = table._tbl.tblPr
    _put(tbl_pr, _element("w:tblW", w=str(sum(widths)), type="dxa"))
    _put(tbl_pr, _element("w:tblLayout", type="fixed"))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            _put(cell._tc.get_or_add_tcPr(), _element("w:tcW", w=str(width), type="dxa"))


def set_table_borders(table: Table, colour: str) -> None:
    """Horizontal rules between the rows and at the bottom; none at the sides."""
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in ("top", "left", "right", "insideV"):
            borders.append(_element(f"w:{side}", val="nil"))
        else:
            borders.append(_element(f"w:{side}", val="single", sz="4", space="0", color=colour[1:]))
    _put(table._tbl.tblPr, borders)
    margins = _element("w:tblCellMar")
    for side, value in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100)):
        margins.append(_element(f"w:{side}", w=str(value), type="dxa"))
    _put(table._tbl.tblPr, margins)


def set_language(document: Document, lang_tag: str) -> None:
    """The proofing and hyphenation language of the default text (``fr-FR``…)."""
    r_pr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        for old in r_pr.findall(qn("w:lang")):
            r_pr.remove(old)
        r_pr.append(_element("w:lang", val=lang_tag, eastAsia=lang_tag, bidi="ar-SA"))


def set_document_settings(document: Document) -> None:
    """Ask Word to update fields (the table of contents) on opening; hyphenate automatically."""
    settings = document.settings.element
    _put(settings, _element("w:autoHyphenation", val="true"))
    _put(settings, _element("w:updateFields", val="true"))


def track_revisions(document: Document) -> None:
    """Turn on "track changes", so that the reader's own edits are marked too."""
    _put(document.settings.element, _element("w:trackRevisions"))
