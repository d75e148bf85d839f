"""The property the Compendium rests on: with random consent, withheld sections and statuses,
and a unique marker in every field, no marker of a field that was not released appears in any
Compendium format (text extracted from PDF, DOCX, spreadsheets), and every released one does."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gcat.core.practices import (
    SECTION_KEYS,
    Consent,
    Contact,
    MeasurableResult,
    Practice,
    PracticeMember,
    PracticeRecord,
    Status,
)
from gcat.services.compendium import render

MEMBERS = [
    PracticeMember("Kenya", "KEN", "esa", {"en": "Kenya", "fr": "Kenya", "es": "Kenia"}),
    PracticeMember("Chile", "CHL", "americas", {"en": "Chile", "fr": "Chili", "es": "Chile"}),
    PracticeMember("France", "FRA", "europe", {"en": "France", "fr": "France", "es": "Francia"}),
]
CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
TEXT_FIELDS = ("background", "description", "results", "challenges", "future_plans")
MEASURE_FIELDS = ("measure_indicator", "measure_unit")
SECTION_OF = {
    **{key: key for key in TEXT_FIELDS},
    "measure_indicator": "measurable_results",
    "measure_unit": "measurable_results",
    "link": "links",
}
CODES = {
    "contact_name": "CN",
    "contact_role": "CR",
    "contact_email": "CE",
    "contact_phone": "CP",
    "title": "TT",
    "background": "BG",
    "description": "DS",
    "results": "RS",
    "challenges": "CH",
    "future_plans": "FP",
    "measure_indicator": "MI",
    "measure_unit": "MU",
    "link": "LK",
}
RELEASED = {Status.ACCEPTED, Status.PUBLISHED}


def marker(index: int, field: str) -> str:
    return f"QX{index}{CODES[field]}ZW"


@dataclass(frozen=True)
class Case:
    status: Status
    consent: Consent | None
    withheld: frozenset[str]
    lang: str
    domain: str
    member: int


cases = st.builds(
    Case,
    status=st.sampled_from(list(Status)),
    consent=st.sampled_from([Consent.YES, Consent.YES, Consent.NO, None]),
    withheld=st.frozensets(st.sampled_from(SECTION_KEYS)),
    lang=st.sampled_from(["en", "fr", "es"]),
    domain=st.sampled_from(["facilitation", "cooperation", "green_tariff"]),
    member=st.integers(0, len(MEMBERS) - 1),
)


def record(index: int, case: Case) -> PracticeRecord:
    def m(field: str) -> str:
        return marker(index, field)

    practice = Practice(
        member=MEMBERS[case.member],
        title=f"Initiative {m('title')} test",
        lang=case.lang,
        contact=Contact(
            f"Ana {m('contact_name')}",
            f"Head {m('contact_role')}",
            f"{m('contact_email')}@example.org",
            f"+1 {m('contact_phone')}",
        ),
        domains=(case.domain,),
        thematic_areas=("procedures",),
        measurable_results=(
            MeasurableResult(
                f"Saved {m('measure_indicator')}", 12.5, f"t {m('measure_unit')}", 3, 2024
            ),
        ),
        links=(f"https://example.org/{m('link')}",),
        consent=case.consent,
        withheld=case.withheld,
        **{key: f"Words before {m(key)} and after." for key in TEXT_FIELDS},
    )
    return PracticeRecord(id=index + 1, administration_id=1, status=case.status, practice=practice)


def expected(index: int, case: Case, *, pack: bool = False) -> tuple[set[str], set[str]]:
    """(markers that must appear, markers that must not)."""
    statuses = {Status.PUBLISHED} if pack else RELEASED
    released = case.status in statuses and case.consent is Consent.YES
    everything = {marker(index, field) for field in CODES}
    if not released:
        return set(), everything
    shown = {marker(index, "title")} | {
        marker(index, field)
        for field, section in SECTION_OF.items()
        if section not in case.withheld
    }
    return shown, everything - shown


def _flat(text: str) -> str:
    """Text without whitespace, hyphens or soft hyphens: a marker broken at a line end joins."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


def text_of(fmt: str, data: bytes, tmp: str) -> str:
    if fmt == "html":
        return data.decode()
    if fmt == "docx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        )
        return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)) + " " + xml
    if fmt == "pdf":
        path = f"{tmp}/c.pdf"
        with open(path, "wb") as handle:
            handle.write(data)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode()
    if fmt == "csv":
        return " ".join(
            cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row
        )
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        return " ".join(
            str(cell.value)
            for sheet in book
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    if fmt == "pack":
        return json.dumps(json.loads(data), ensure_ascii=False)
    raise AssertionError(fmt)


FORMATS = ("html", "docx", "pdf", "csv", "xlsx", "pack")


@pytest.mark.slow
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(cases, min_size=1, max_size=4),
    st.sampled_from(["en", "fr", "es"]),
    st.sampled_from(["domain", "area", "region"]),
)
def test_no_word_consent_kept_out_reaches_any_format(
    tmp_path, batch: list[Case], lang: str, group_by: str
) -> None:
    records = [record(index, case) for index, case in enumerate(batch)]
    for fmt in FORMATS:
        build = render(records, fmt=fmt, lang=lang, group_by=group_by)
        text = _flat(text_of(fmt, build.data, str(tmp_path)))
        for index, case in enumerate(batch):
            must, never = expected(index, case, pack=fmt == "pack")
            missing = sorted(item for item in must if item not in text)
            leaked = sorted(item for item in never if item in text)
            assert not leaked, f"{fmt}: {case} leaked {leaked}"
            assert not missing, f"{fmt}: {case} lost {missing}"
        included = {entry.id for entry in build.manifest.included}
        assert included == {
            i + 1 for i, c in enumerate(batch) if c.status in RELEASED and c.consent is Consent.YES
        }
