"""SVG charts: structure, geometry, accessibility, escaping, determinism and the level palette."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from gcat.charts import Series, level_colour, level_text_colour, radar_svg

SVG = "{http://www.w3.org/2000/svg}"
AXES_FR = [
    "Politique et législation",
    "Facilitation",
    "Pratiques internes de la douane",
    "Contrôles douaniers",
    "Politique tarifaire verte",
    "Renforcement des capacités",
    "Coopération",
]
CURRENT = Series("Actuel", [2.3, 1.8, 1.5, None, 1.6, 2.1, 1.9], "#1f5fa8")
TARGET = Series("Cible", [3, 3, 3, 3, 2.5, 3, 3.5], "#d95f02", dashed=True)


def chart(axes=AXES_FR, series=(CURRENT, TARGET), **kwargs) -> str:
    kwargs = {"title": "Profil", "description": "Niveaux par domaine", **kwargs}
    return radar_svg(axes, series, **kwargs)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    pairs = (p.split(",") for p in polygon.attrib["points"].split())
    return [(float(x), float(y)) for x, y in pairs]


def outer_ring(root: ET.Element) -> tuple[float, float, float]:
    rings = [c for c in root.iter(f"{SVG}circle") if c.attrib["fill"] == "none"]
    ring = max(rings, key=lambda c: float(c.attrib["r"]))
    return float(ring.attrib["cx"]), float(ring.attrib["cy"]), float(ring.attrib["r"])


def axis_label_lines(root: ET.Element) -> list[list[str]]:
    texts = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None]
    return [[span.text or "" for span in t.iter(f"{SVG}tspan")] for t in texts]


def test_accessible_root_with_title_and_desc():
    root = parse(chart())
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Profil"
    assert desc.text == "Niveaux par domaine"
    assert root.attrib["aria-labelledby"].split() == [title.attrib["id"], desc.attrib["id"]]


def test_one_polygon_per_series_with_one_vertex_per_axis():
    root = parse(chart())
    polygons = list(root.iter(f"{SVG}polygon"))
    assert len(polygons) == 2
    assert all(len(points(p)) == len(AXES_FR) for p in polygons)
    assert "stroke-dasharray" not in polygons[0].attrib
    assert "stroke-dasharray" in polygons[1].attrib


def test_vertex_coordinates():
    root = parse(chart(["a", "b", "c", "d"], [Series("s", [5, 2.5, 0, 5], "#000000")]))
    cx, cy, r = outer_ring(root)
    top, right, bottom, left = points(next(root.iter(f"{SVG}polygon")))
    assert top == pytest.approx((cx, cy - r))  # level 5 on the first axis: straight up
    assert right == pytest.approx((cx + r / 2, cy))
    assert bottom == pytest.approx((cx, cy))
    assert left == pytest.approx((cx - r, cy))


def test_missing_value_drawn_at_zero_with_hollow_vertex():
    root = parse(chart(series=[CURRENT], missing_label="Non évalué"))
    cx, cy, _ = outer_ring(root)
    group = next(g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}polygon") is not None)
    assert points(group.find(f"{SVG}polygon"))[3] == pytest.approx((cx, cy))
    fills = [c.attrib["fill"] for c in group.iter(f"{SVG}circle")]
    assert fills[3] == "#ffffff"
    assert all(f == CURRENT.colour for i, f in enumerate(fills) if i != 3)
    assert "Non évalué" in [t.text for t in root.iter(f"{SVG}text")]


def test_missing_label_only_when_a_value_is_missing():
    root = parse(chart(series=[TARGET], missing_label="Non évalué"))
    assert "Non évalué" not in [t.text for t in root.iter(f"{SVG}text")]


def test_rings_and_legend():
    root = parse(chart())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [str(k) for k in range(6)] == sorted(t for t in texts if t and t.isdigit())
    assert {"Actuel", "Cible"} <= set(texts)
    assert len([c for c in root.iter(f"{SVG}circle") if c.attrib["fill"] == "none"]) == 5


def test_text_names_its_fonts_and_nothing_external():
    svg = chart()
    root = parse(svg)
    assert all("DejaVu Sans" in t.attrib["font-family"] for t in root.iter(f"{SVG}text"))
    assert "<script" not in svg
    assert "href" not in svg
    assert "class=" not in svg


def test_hostile_text_is_escaped():
    hostile = '<script>&"'
    svg = chart(
        [hostile, "b", "c"],
        [Series(hostile, [1, 2, 3], '"/><script>')],
        title=hostile,
        description=hostile,
    )
    root = parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == hostile
    assert root.find(f"{SVG}desc").text == hostile
    assert [hostile] in axis_label_lines(root)
    assert hostile in [t.text for t in root.iter(f"{SVG}text")]
    assert next(root.iter(f"{SVG}polygon")).attrib["stroke"] == '"/><script>'


def test_deterministic():
    assert chart() == chart()


def test_ids_differ_for_different_inputs():
    ids = {
        parse(svg).find(f"{SVG}title").attrib["id"]
        for svg in (chart(), chart(title="Autre"), chart(series=[CURRENT]), chart(size=300))
    }
    assert len(ids) == 4


def test_long_labels_wrap_on_word_boundaries():
    lines = axis_label_lines(parse(chart()))
    assert len(lines) == len(AXES_FR)
    for label, label_lines in zip(AXES_FR, lines, strict=True):
        assert " ".join(label_lines) == label
        assert len(label_lines) <= 3
        assert all(len(line) <= 20 for line in label_lines)
    assert len(lines[2]) > 1  # "Pratiques internes de la douane"


def test_view_box_holds_the_labels():
    root = parse(chart())
    left, top, width, height = map(float, root.attrib["viewBox"].split())
    for text in root.iter(f"{SVG}tspan"):
        assert left < float(text.attrib["x"]) < left + width
        assert top < float(text.attrib["y"]) < top + height
    assert root.attrib["width"] == "420"
    assert float(root.attrib["height"]) == pytest.approx(420 * height / width, abs=1)


@pytest.mark.parametrize(
    ("axes", "series"),
    [
        (["a", "b"], []),
        (["a", "b", "c"], [Series("s", [1, 2], "#000")]),
        (["a", "b", "c"], [Series("s", [1, 2, 6], "#000")]),
        (["a", "b", "c"], [Series("s", [1, 2, -1], "#000")]),
        (["a", "b", "c"], [Series("s", [1, 2, math.nan], "#000")]),
    ],
)
def test_invalid_input(axes, series):
    with pytest.raises(ValueError):
        radar_svg(axes, series, title="t", description="d")


def test_invalid_size():
    with pytest.raises(ValueError):
        chart(size=0)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("level", [None, 0, 1, 2, 3, 4, 5])
def test_level_text_contrast(level):
    assert level_text_colour(level) in ("#000000", "#ffffff")
    assert contrast(level_colour(level), level_text_colour(level)) >= 4.5


def test_level_palette_is_sequential_and_distinct():
    lums = [luminance(level_colour(level)) for level in range(6)]
    assert lums == sorted(lums, reverse=True)  # darker as maturity rises
    assert len({*map(level_colour, range(6)), level_colour(None)}) == 7


@pytest.mark.parametrize("level", [-1, 6])
def test_level_out_of_range(level):
    with pytest.raises(ValueError):
        level_colour(level)
