"""The blank practice file in YAML: every key, with the instructions as comments."""

from __future__ import annotations

from gcat.core.model import Framework
from gcat.core.practices import SECTION_KEYS
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


def yaml_template(framework: Framework, lang: str) -> str:
    """A practice file to fill in, commented in ``lang``."""

    def t(code: str) -> str:
        return message(code, lang)

    out = [
        *_comment(t("practices.template_intro")),
        *_comment(t("practices.template_consent_note")),
    ]
    out += ["", f"schema: {PRACTICE_SCHEMA}", ""]
    out += [f"# {t('practices.section_member')}", *_comment(t("practices.help_member"))]
    out += ['member: ""', *_comment(t("practices.help_contact"))]
    out += ["contact:", '  name: ""', '  role: ""', '  email: ""', '  phone: ""', ""]
    out += [
        f"# {t('practices.section_title')}",
        *_comment(t("practices.help_title")),
        'title: ""',
        "",
    ]
    out += [f"# {t('practices.section_domains')}", *_comment(t("practices.help_domains"))]
    for domain in framework.domains:
        out.append(f"#   {domain.id}: {domain.title[lang]}")
    out += ["domains: []", *_comment(t("practices.help_areas"))]
    for area_id, names in framework.thematic_areas.items():
        out.append(f"#   {area_id}: {names[lang]}")
    out += [
        "thematic_areas: []",
        *_comment(t("practices.help_gcat_indicators")),
        "gcat_indicators: []",
        "",
    ]
    for key in ("background", "description", "results"):
        out += [f"# {t(SECTION[key])}", *_comment(t(HELP[key]))]
        out += [f"{key}: |", "  ", ""]
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
