"""A blank answers file that can be filled in with a text editor.

Each indicator shows its title, definition and six level descriptors as comments, in the
chosen language, above an empty answer.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence

from gcat.answers_file import ANSWERS_SCHEMA
from gcat.core.model import Framework
from gcat.errors import InputError, Problem
from gcat.i18n import message

__all__ = ["render_template"]

WIDTH = 98


def _comment(text: str, indent: str, first: str = "", rest: str = "") -> list[str]:
    lines = textwrap.wrap(
        " ".join(text.split()),
        width=WIDTH - len(indent) - 2,
        initial_indent=first,
        subsequent_indent=rest or " " * len(first),
    )
    return [f"{indent}# {line}".rstrip() for line in lines]


def _scalar(value: str) -> str:
    """A YAML-safe scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render_template(
    framework: Framework,
    *,
    administration: str,
    cycle: str,
    domains: Sequence[str] | None,
    lang: str,
) -> str:
    """The text of a blank answers file for ``domains`` (all when ``None``)."""
    if not administration.strip():
        raise InputError([Problem("check.empty_text", {}, field="--administration")])
    if not cycle.strip():
        raise InputError([Problem("check.empty_text", {}, field="--cycle")])
    if domains is not None:
        unknown = [d for d in domains if not framework.has_domain(d)]
        if unknown or not domains:
            value = ", ".join(unknown) if unknown else ""
            raise InputError([Problem("check.unknown_domain", {"value": value}, field="--domains")])
    selected = [d for d in framework.domains if domains is None or d.id in domains]
    out = [
        "# "
        + message("template.header", lang, title=framework.title[lang], version=framework.version),
        *_comment(message("template.howto", lang), ""),
        *_comment(message("template.keys", lang), ""),
        f"schema: {ANSWERS_SCHEMA}",
        f"framework: {{id: {framework.id}, version: {_scalar(framework.version)}}}",
        f"administration: {_scalar(administration.strip())}",
        f"cycle: {_scalar(cycle.strip())}",
    ]
    if domains is not None:
        out.append(f"domains: [{', '.join(d.id for d in selected)}]")
    out.append("answers:")
    for domain in selected:
        out += ["", f"  # ══ {domain.title[lang]} ══", *_comment(domain.purpose[lang], "  ")]
        for ind in domain.indicators:
            out += ["", f"  # {ind.id} — {ind.title[lang]}", *_comment(ind.definition[lang], "  ")]
            for level, text in enumerate(ind.levels):
                out += _comment(text[lang], "  ", first=f"  {level} = ", rest="      ")
            if ind.not_applicable_when is not None:
                out += _comment(
                    ind.not_applicable_when[lang], "  ", first="  na = ", rest="       "
                )
            out += [f"  {ind.id}:", "    level:"]
            if ind.not_applicable_allowed:
                out.append('    reason: ""')
            out += ["    target:", '    comment: ""', "    evidence: []"]
    return "\n".join(out) + "\n"
