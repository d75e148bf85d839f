"""Markdown reference of the framework's indicators, one file per language and version.

``gcat framework docs`` writes ``docs/indicators.<lang>.md`` for the default version and
``docs/indicators-<version>.<lang>.md`` for every other installed version; a test fails when the
committed files differ from what the framework data gives.
"""

from __future__ import annotations

from pathlib import Path

from gcat.core.model import Framework
from gcat.frameworks import available_frameworks, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK
from gcat.i18n import translator

__all__ = ["indicator_doc_name", "indicators_markdown", "write_indicator_docs"]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def indicators_markdown(framework: Framework, lang: str) -> str:
    """The indicator reference of ``framework`` in ``lang``."""
    m = translator(lang)
    out = [
        f"# {framework.title[lang]} {framework.version} — {m('docs.indicators')}",
        "",
        f"<!-- {m('docs.generated')} -->",
        "",
        m(
            "framework.summary",
            domains=len(framework.domains),
            indicators=len(framework.indicators),
        ),
        "",
        f"## {m('docs.scale')}",
        "",
        f"| {m('docs.level')} | {m('docs.name')} | {m('docs.meaning')} |",
        "|---|---|---|",
    ]
    out += [f"| {s.level} | {s.name[lang]} | {_escape(s.meaning[lang])} |" for s in framework.scale]
    if framework.glossary:
        out += ["", f"## {m('docs.glossary')}", ""]
        out += [
            f"- **{m('label', label=term.term[lang])}** {term.definition[lang]}"
            for term in framework.glossary.values()
        ]
    for domain in framework.domains:
        out += ["", f"## {domain.code} · {domain.title[lang]}", "", domain.purpose[lang]]
        for ind in domain.indicators:
            out += ["", f"### {ind.id} — {ind.title[lang]}", "", ind.definition[lang], ""]
            out.append(f"*{m('label', label=m('docs.rationale'))}* {ind.rationale[lang]}")
            out += ["", f"| {m('docs.level')} | {m('docs.descriptor')} |", "|---|---|"]
            out += [f"| {level} | {_escape(text[lang])} |" for level, text in enumerate(ind.levels)]
            if ind.not_applicable_when is not None:
                out.append(f"| N/A | {_escape(ind.not_applicable_when[lang])} |")
            out += [
                "",
                f"- **{m('label', label=m('docs.evidence'))}** " + "; ".join(ind.evidence[lang]),
            ]
            refs = "; ".join(framework.references[r].title[lang] for r in ind.references)
            areas = ", ".join(framework.thematic_areas[a][lang] for a in ind.thematic_areas)
            flags = [m("docs.weight", weight=f"{ind.weight:g}")]
            if ind.foundational:
                flags.append(m("docs.foundational"))
            out += [
                f"- **{m('label', label=m('docs.references'))}** {refs}",
                f"- **{m('label', label=m('docs.thematic_areas'))}** {areas}",
                f"- {' · '.join(flags)}",
            ]
    return "\n".join(out) + "\n"


def indicator_doc_name(framework: Framework, lang: str) -> str:
    """``indicators.<lang>.md`` for the default version, else ``indicators-<version>.<lang>.md``."""
    if (framework.id, framework.version) == DEFAULT_FRAMEWORK:
        return f"indicators.{lang}.md"
    return f"indicators-{framework.version}.{lang}.md"


def write_indicator_docs(framework: Framework, directory: Path) -> list[Path]:
    """Write the reference of ``framework`` and of every other installed version of it.

    One file per language and version (see :func:`indicator_doc_name`); returns the paths.
    """
    others = [
        load_framework(framework_id, version)
        for framework_id, version in available_frameworks()
        if framework_id == framework.id and version != framework.version
    ]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for each in (framework, *others):
        for lang in each.languages:
            path = directory / indicator_doc_name(each, lang)
            path.write_text(indicators_markdown(each, lang), "utf-8")
            paths.append(path)
    return paths
