"""Follow-up of a survey: one pre-filled Annex I template per member that agreed to share.

Each template starts from what the member wrote in the survey: its name, contact e-mail, the
initiatives it listed (the first fills the form, the others are listed), their thematic areas
and GCAT domains as confirmed or suggested. It is written in the language the member answered
in, when gcat has it, else in the language asked for. An index lists who gets which file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from gcat.core.members import Member, name_key
from gcat.core.practices import TemplateEntry, TemplatePrefill
from gcat.core.survey import SurveyInitiative
from gcat.core.survey_records import SurveyData
from gcat.exchange.cells import looks_like_formula
from gcat.i18n import LANGUAGES, message
from gcat.policy.access import Actor
from gcat.services.survey import load_survey
from gcat.services.survey_outputs import check_format
from gcat.services.templates import TEMPLATE_FORMATS, practice_template
from gcat.survey.view import initiative_title

__all__ = [
    "FOLLOW_UP_FORMATS",
    "INDEX_NAME",
    "FollowUp",
    "FollowUpFile",
    "build_follow_up",
    "follow_up_zip",
    "survey_follow_up",
]

FOLLOW_UP_FORMATS = tuple(TEMPLATE_FORMATS)
INDEX_NAME = "follow-up.csv"
"""The index written beside the templates."""
INDEX_COLUMNS = ("member", "code", "region", "contact_email", "lang", "initiatives", "file")


@dataclass(frozen=True, slots=True)
class FollowUpFile:
    """One member's pre-filled template."""

    name: str
    member: str
    code: str
    region: str
    contact_email: str
    lang: str
    initiatives: int
    data: bytes


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Every template of a survey's follow-up, and the index that lists them."""

    year: int
    demo: bool
    files: tuple[FollowUpFile, ...]

    def index_csv(self) -> bytes:
        """The index as CSV (UTF-8 with a byte-order mark, so spreadsheets read the accents)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(INDEX_COLUMNS)
        for item in self.files:
            row = (
                item.member,
                item.code,
                item.region,
                item.contact_email,
                item.lang,
                item.initiatives,
                item.name,
            )
            writer.writerow([_safe(value) for value in row])
        return ("\ufeff" + out.getvalue()).encode()

    def zip(self) -> bytes:
        """Every template and the index in one zip file."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in self.files:
                archive.writestr(item.name, item.data)
            archive.writestr(INDEX_NAME, self.index_csv())
        return buffer.getvalue()


def _safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _language(items: list[SurveyInitiative], default: str) -> str:
    """The language the member wrote its initiatives in, when gcat has it; else ``default``."""
    counts = Counter(item.lang for item in items if item.lang in LANGUAGES)
    return counts.most_common(1)[0][0] if counts else default


def _file_name(member: Member | None, key: str, suffix: str) -> str:
    name = name_key(member.name if member else key).replace(" ", "-")
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"{key}-{safe or 'member'}{suffix}"


def survey_follow_up(
    actor: Actor, engine: sa.Engine, fmt: str = "docx", lang: str = "en", year: int | None = None
) -> FollowUp:
    """The pre-filled templates (``fmt``: docx, xlsx or yaml) of the survey of ``year``."""
    check_format(fmt, FOLLOW_UP_FORMATS)
    data = load_survey(actor, engine, year)
    return build_follow_up(data, fmt, lang)


def build_follow_up(data: SurveyData, fmt: str, lang: str) -> FollowUp:
    """The follow-up of a loaded survey."""
    check_format(fmt, FOLLOW_UP_FORMATS)
    by_key = {member.key: member for member in data.members}
    regions = {region.id: region for region in data.members.regions}
    suffix = TEMPLATE_FORMATS[fmt][1]
    files = []
    for response in sorted(
        (r for r in data.responses if r.consent),
        key=lambda r: by_key[r.member_key].name if r.member_key in by_key else r.member_key,
    ):
        key = response.member_key
        member = by_key.get(key)
        items = [item for item in data.initiatives if item.member_key == key]
        member_lang = _language(items, lang)
        prefill = TemplatePrefill(
            member=member.name_in(member_lang) if member else key,
            contact_email=response.contact_email or "",
            entries=tuple(
                TemplateEntry(
                    title=initiative_title(item.text),
                    description=item.text,
                    domains=item.gcat_domains,
                    areas=item.thematic_areas,
                )
                for item in items
            ),
            year=data.survey.year,
            note=message("survey.demo_banner", member_lang) if data.survey.demo else "",
        )
        region = regions.get(member.region) if member else None
        files.append(
            FollowUpFile(
                name=_file_name(member, key, suffix),
                member=member.name if member else key,
                code=member.code or "" if member else "",
                region=region.name("en") if region else "",
                contact_email=response.contact_email or "",
                lang=member_lang,
                initiatives=len(items),
                data=practice_template(fmt, member_lang, prefill),
            )
        )
    return FollowUp(data.survey.year, data.survey.demo, tuple(files))


def follow_up_zip(data: SurveyData, fmt: str, lang: str) -> bytes:
    """The follow-up of a loaded survey as one zip file (what the app's worker process runs)."""
    return build_follow_up(data, fmt, lang).zip()
