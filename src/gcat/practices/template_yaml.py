"""The blank practice file in YAML: every key, with the instructions as comments."""

from __future__ import annotations

import json

from gcat.core.model import Framework
from gcat.core.practices import SECTION_KEYS, TemplateEntry, TemplatePrefill
from gcat.i18n import message
from gcat.practices.practice_file import PRACTICE_SCHEMA
from gcat.practices.texts import HELP, SECTION

__all__ = ["yaml_template"]


def _comment(text: str, indent: str = "") -> list[str]:
    """``text`` as YAML comment lines of at most about 96 characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + len(word) > 92:
            lines.append(f"{indent}# {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(f"{indent}# {current}")
    return lines


def _quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(key: str, text: str) -> list[str]:
    """``key: |`` followed by ``text`` indented, or one empty indented line."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()] or [""]
    return [f"{key}: |", *(f"  {line}" for line in lines), ""]


def yaml_template(framework: Framework, lang: str, prefill: TemplatePrefill | None = None) -> str:
    """A practice file to fill in, commented in ``lang``, pre-filled from ``prefill`` if given
    (with the first initiative; the others are listed in a comment)."""

    def t(code: str, **params: object) -> str:
        return message(code, lang, **params)

    prefill = prefill or TemplatePrefill(member="")
    entry = prefill.entries[0] if prefill.entries else TemplateEntry("")
    out = [
        *(_comment(prefill.note) if prefill.note else []),
        *_comment(t("practices.template_intro")),
        *_comment(t("practices.template_consent_note")),
    ]
    if len(prefill.entries) == 1:
        out += ["#", *_comment(t("practices.prefill_one", year=prefill.year or ""))]
    elif prefill.entries:
        out += ["#"]
        out += _comment(
            t("practices.prefill_many", year=prefill.year or "", count=len(prefill.entries))
        )
        out += [f"#   - {item.title}" for item in prefill.entries]
    out += ["", f"schema: {PRACTICE_SCHEMA}", ""]
    out += [f"# {t('practices.section_member')}", *_comment(t("practices.help_member"))]
    out += [f"member: {_quoted(prefill.member)}", *_comment(t("practices.help_contact"))]
    out += ["contact:", '  name: ""', '  role: ""', f"  email: {_quoted(prefill.contact_email)}"]
    out += ['  phone: ""', ""]
    out += [
        f"# {t('practices.section_title')}",
        *_comment(t("practices.help_title")),
        f"title: {_quoted(entry.title)}",
        "",
    ]
    out += [f"# {t('practices.section_domains')}", *_comment(t("practices.help_domains"))]
    for domain in framework.domains:
        out.append(f"#   {domain.id}: {domain.title[lang]}")
    out += [f"domains: {json.dumps(list(entry.domains))}", *_comment(t("practices.help_areas"))]
    for area_id, names in framework.thematic_areas.items():
        out.append(f"#   {area_id}: {names[lang]}")
    out += [
        f"thematic_areas: {json.dumps(list(entry.areas))}",
        *_comment(t("practices.help_gcat_indicators")),
        "gcat_indicators: []",
        "",
    ]
    for key in ("background", "description", "results"):
        out += [f"# {t(SECTION[key])}", *_comment(t(HELP[key]))]
        out += _block(key, entry.description if key == "description" else "")
    out += [f"# {t('practices.section_measurable_results')}"]
    out += [*_comment(t("practices.help_measurable_results"))]
    out += ["measurable_results: []", '#  - indicator: ""', "#    value: 0", '#    unit: ""']
    out += ["#    baseline: null", "#    year: null", ""]
    for key in ("challenges", "future_plans"):
        out += [f"# {t(SECTION[key])}", *_comment(t(HELP[key]))]
        out += [f"{key}: |", "  ", ""]
    out += [
        f"# {t('practices.section_links')}",
        *_comment(t("practices.help_links")),
        "links: []",
        "",
    ]
    out += [f"# {t('practices.section_consent')}", *_comment(t("practices.help_consent"))]
    out += ["consent: ", *_comment(t("practices.help_withheld")), f"#   {', '.join(SECTION_KEYS)}"]
    out += ["withheld: []", "", *_comment(t("practices.help_lang")), f"lang: {lang}", ""]
    return "\n".join(out)
