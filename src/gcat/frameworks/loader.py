"""Load frameworks and modules from YAML data into the core model, validating as we go."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from gcat.core.model import (
    Domain,
    Framework,
    GlossaryTerm,
    Indicator,
    Reference,
    ScaleLevel,
    ScoringParameters,
)
from gcat.core.upgrade import FrameworkMap, IndicatorMap, MapTarget, Review
from gcat.errors import FrameworkDataError, Problem, UnknownFrameworkError
from gcat.frameworks.checks import check_domain, check_manifest, check_upgrade_map
from gcat.yamlio import Document, DocumentError, read_document

__all__ = [
    "DEFAULT_FRAMEWORK",
    "available_frameworks",
    "available_upgrades",
    "build_framework",
    "default_drafts_dir",
    "drafts_dir",
    "framework_dir",
    "install_modules",
    "is_draft",
    "load_framework",
    "load_upgrade_map",
    "packaged_versions",
    "use_drafts_dir",
    "validate_path",
    "version_status",
]

DEFAULT_FRAMEWORK = ("gcat", "1.0")
MANIFEST = "framework.yaml"
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,40}$")


def _data_root() -> Path:
    return Path(str(resources.files("gcat.frameworks").joinpath("data")))


_DRAFTS_DIR: list[Path] = []
"""The drafts folder chosen by the composition root (the ``drafts_dir`` setting), if any."""


def use_drafts_dir(path: str | Path | None) -> None:
    """Use ``path`` as the drafts folder for this process (None: back to the default)."""
    _DRAFTS_DIR.clear()
    if path:
        _DRAFTS_DIR.append(Path(path))


def default_drafts_dir() -> Path:
    """``GCAT_DRAFTS_DIR``, else ``frameworks`` in the user data folder."""
    explicit = os.environ.get("GCAT_DRAFTS_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_dir

    return Path(user_data_dir("gcat", appauthor=False)) / "frameworks"


def drafts_dir() -> Path:
    """The folder of draft versions made with ``gcat framework import``: the ``drafts_dir``
    setting as the app or the command line set it (:func:`use_drafts_dir`), else
    :func:`default_drafts_dir`. It may not exist."""
    return _DRAFTS_DIR[0] if _DRAFTS_DIR else default_drafts_dir()


def _versions_in(root: Path) -> list[tuple[str, str]]:
    if not root.is_dir():
        return []
    return [
        (manifest.parent.parent.name, manifest.parent.name)
        for manifest in root.glob(f"*/*/{MANIFEST}")
        if _SAFE_NAME.match(manifest.parent.parent.name) and _SAFE_NAME.match(manifest.parent.name)
    ]


def packaged_versions() -> list[tuple[str, str]]:
    """The (id, version) pairs shipped inside the package, sorted: these never change."""
    return sorted(_versions_in(_data_root()))


def available_frameworks() -> list[tuple[str, str]]:
    """Installed (id, version) pairs, sorted: the packaged ones and the drafts beside them."""
    packaged = set(packaged_versions())
    return sorted(packaged | set(_versions_in(drafts_dir())))


def is_draft(framework_id: str, version: str) -> bool:
    """Whether ``framework_id`` ``version`` is a draft made from a workbook, not a packaged
    version."""
    return (framework_id, version) not in set(packaged_versions()) and (
        framework_id,
        version,
    ) in set(_versions_in(drafts_dir()))


def framework_dir(framework_id: str, version: str) -> Path:
    """The data folder of an installed framework version (packaged first, then drafts)."""
    if not (_SAFE_NAME.match(framework_id) and _SAFE_NAME.match(version)):
        raise UnknownFrameworkError("framework.unknown", id=framework_id, version=version)
    packaged = _packaged_dir(framework_id, version)
    if packaged is not None:
        return packaged
    draft = drafts_dir() / framework_id / version
    if (draft / MANIFEST).is_file():
        return draft
    raise UnknownFrameworkError("framework.unknown", id=framework_id, version=version)


@cache
def _packaged_dir(framework_id: str, version: str) -> Path | None:
    path = _data_root() / framework_id / version
    return path if (path / MANIFEST).is_file() else None


def _read(path: Path) -> Document:
    try:
        return read_document(path)
    except DocumentError as exc:
        raise FrameworkDataError([exc.problem]) from exc


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise FrameworkDataError(problems)


def _load_installed(framework_id: str, version: str) -> Framework:
    return _load_folder(framework_dir(framework_id, version))


@cache
def _load_folder(path: Path) -> Framework:
    """A framework folder, loaded once per process (a version's folder never changes)."""
    return _load_directory(path, ())


_INSTALLED_MODULES: dict[tuple[str, str], tuple[Path, ...]] = {}


def install_modules(framework_id: str, version: str, modules: Sequence[Path]) -> None:
    """Make ``modules`` part of ``framework_id@version`` for this process (the app's
    ``modules`` setting): every later :func:`load_framework` of that version includes them.

    The domain files an administration adds are a choice of the whole installation, like the
    framework versions installed; an empty ``modules`` removes them again.
    """
    key = (framework_id, version)
    if modules:
        load_framework(framework_id, version, modules)  # refuse a bad module now, not later
        _INSTALLED_MODULES[key] = tuple(modules)
    else:
        _INSTALLED_MODULES.pop(key, None)


def load_framework(
    framework_id: str = DEFAULT_FRAMEWORK[0],
    version: str = DEFAULT_FRAMEWORK[1],
    modules: Sequence[Path] = (),
) -> Framework:
    """An installed framework version with its installed modules, plus ``modules``."""
    extra = (*_INSTALLED_MODULES.get((framework_id, version), ()), *modules)
    if not extra:
        return _load_installed(framework_id, version)
    return _load_with_modules(framework_id, version, extra)


@cache
def _load_with_modules(framework_id: str, version: str, modules: tuple[Path, ...]) -> Framework:
    return _load_directory(framework_dir(framework_id, version), modules)


def _load_directory(path: Path, modules: tuple[Path, ...]) -> Framework:
    manifest_doc = _read(path / MANIFEST)
    _raise_if(check_manifest(manifest_doc).problems)
    manifest: dict[str, Any] = manifest_doc.data
    languages = tuple(manifest["languages"])
    problems: list[Problem] = []
    domains: list[Domain] = []
    files = [(path / f"{domain_id}.yaml", domain_id) for domain_id in manifest["domains"]]
    files += [(module, None) for module in modules]
    seen_ids: dict[str, str] = {}
    for file, expected_id in files:
        doc = _read(file)
        check = check_domain(
            doc,
            languages=languages,
            thematic_areas=manifest["thematic_areas"],
            references=manifest["references"],
        )
        if not check.problems and expected_id is not None and doc.data["id"] != expected_id:
            check.add(("id",), "check.domain_file_mismatch", expected=expected_id)
        if check.problems:
            problems += check.problems
            continue
        domain = _build_domain(doc.data)
        for ident in (domain.id, domain.code, *(i.id for i in domain.indicators)):
            if ident in seen_ids:
                check.add(("id",), "check.duplicate_id", id=ident)
            seen_ids[ident] = str(file)
        problems += check.problems
        domains.append(domain)
    _raise_if(problems)
    return _build_framework(manifest, tuple(domains))


def _texts(data: dict[str, Any], languages: Iterable[str], key: str) -> dict[str, str]:
    return {lang: data[lang][key] for lang in languages}


def _build_domain(data: dict[str, Any]) -> Domain:
    text: dict[str, Any] = data["text"]
    languages = tuple(text)
    indicators = []
    for item in data["indicators"]:
        ind_id = item["id"]
        per_lang = {lang: text[lang]["indicators"][ind_id] for lang in languages}
        indicators.append(
            Indicator(
                id=ind_id,
                domain_id=data["id"],
                title=_texts(per_lang, languages, "title"),
                definition=_texts(per_lang, languages, "definition"),
                rationale=_texts(per_lang, languages, "rationale"),
                levels=tuple(
                    {lang: per_lang[lang]["levels"][level] for lang in languages}
                    for level in range(6)
                ),
                evidence={lang: tuple(per_lang[lang]["evidence"]) for lang in languages},
                weight=float(item["weight"]),
                foundational=item["foundational"],
                not_applicable_allowed=item["not_applicable"],
                not_applicable_when=(
                    _texts(per_lang, languages, "not_applicable_when")
                    if item["not_applicable"]
                    else None
                ),
                thematic_areas=tuple(item["thematic_areas"]),
                references=tuple(item["references"]),
            )
        )
    return Domain(
        id=data["id"],
        code=data["code"],
        title=_texts(text, languages, "title"),
        purpose=_texts(text, languages, "purpose"),
        indicators=tuple(indicators),
    )


def _build_framework(manifest: dict[str, Any], domains: tuple[Domain, ...]) -> Framework:
    languages = tuple(manifest["languages"])
    scoring = manifest["scoring"]
    return Framework(
        id=str(manifest["id"]),
        version=str(manifest["version"]),
        title=dict(manifest["title"]),
        languages=languages,
        scale=tuple(
            ScaleLevel(item["level"], dict(item["name"]), dict(item["meaning"]))
            for item in manifest["scale"]
        ),
        domains=domains,
        references={
            key: Reference(key, ref["kind"], {lang: ref[lang] for lang in languages})
            for key, ref in manifest["references"].items()
        },
        thematic_areas={key: dict(names) for key, names in manifest["thematic_areas"].items()},
        glossary={
            key: GlossaryTerm(key, dict(item["term"]), dict(item["definition"]))
            for key, item in (manifest.get("glossary") or {}).items()
        },
        scoring=ScoringParameters(
            primary=scoring["primary"],
            noncompensatory_share=float(scoring["noncompensatory"]["share"]),
            noncompensatory_max_shortfall=int(scoring["noncompensatory"]["max_shortfall"]),
            min_completeness=float(scoring["confidence"]["min_completeness"]),
            min_evidence_coverage=float(scoring["confidence"]["min_evidence_coverage"]),
        ),
    )


def version_status(framework_id: str, version: str) -> tuple[date | None, str | None]:
    """The release date of an installed version (None while it is not released), and the
    version a draft was made from (None for a packaged version)."""
    manifest: dict[str, Any] = _read(framework_dir(framework_id, version) / MANIFEST).data
    released = manifest.get("released")
    based_on = manifest.get("based_on")
    return (
        released if isinstance(released, date) else None,
        str(based_on) if based_on is not None else None,
    )


def build_framework(manifest: dict[str, Any], domains: Sequence[dict[str, Any]]) -> Framework:
    """A framework from a manifest and domain mappings already checked (by
    :func:`check_manifest` and :func:`check_domain`)."""
    return _build_framework(manifest, tuple(_build_domain(domain) for domain in domains))


def validate_path(path: Path) -> list[Problem]:
    """Every problem in a framework folder, a manifest, or a module file (empty when valid).

    A domain file that sits beside a ``framework.yaml`` is checked as part of that framework.
    """
    try:
        if path.is_dir() or (path.parent / MANIFEST).is_file():
            folder = path if path.is_dir() else path.parent
            new = _load_directory(folder, ())
            problems: list[Problem] = []
            for from_version, map_file in _upgrade_entries(folder):
                try:
                    _load_map(folder / map_file, load_framework(new.id, from_version), new)
                except FrameworkDataError as exc:
                    problems += exc.problems
            return problems
        load_framework(*DEFAULT_FRAMEWORK, modules=(path,))
    except UnknownFrameworkError as exc:
        return [Problem(exc.code, exc.params, source=str(path))]
    except FrameworkDataError as exc:
        return exc.problems
    return []


def _upgrade_entries(folder: Path) -> list[tuple[str, str]]:
    """(earlier version, map file) pairs that the manifest in ``folder`` declares."""
    manifest: dict[str, Any] = _read(folder / MANIFEST).data
    return [(str(item["version"]), str(item["map"])) for item in manifest.get("upgrade_from", ())]


def available_upgrades() -> list[tuple[str, str, str]]:
    """Installed (framework id, from version, to version) maps, sorted."""
    return sorted(
        (framework_id, from_version, version)
        for framework_id, version in available_frameworks()
        for from_version, _ in _upgrade_entries(framework_dir(framework_id, version))
    )


@cache
def load_upgrade_map(framework_id: str, from_version: str, to_version: str) -> FrameworkMap:
    """The installed map from ``from_version`` to ``to_version`` of ``framework_id``."""
    folder = framework_dir(framework_id, to_version)
    for version, map_file in _upgrade_entries(folder):
        if version == from_version:
            old = load_framework(framework_id, from_version)
            return _load_map(folder / map_file, old, load_framework(framework_id, to_version))
    raise UnknownFrameworkError(
        "framework.no_map", id=framework_id, from_version=from_version, version=to_version
    )


def _load_map(path: Path, old: Framework, new: Framework) -> FrameworkMap:
    doc = _read(path)
    _raise_if(check_upgrade_map(doc, old, new).problems)
    data: dict[str, Any] = doc.data

    def entry(value: Any) -> int | Review:
        return value if isinstance(value, int) else Review(str(value["review"]))

    indicators = {
        source: IndicatorMap(
            source,
            item["status"],
            tuple(
                MapTarget(
                    target["id"],
                    tuple(entry(level) for level in target["levels"]),
                    None
                    if target.get("not_applicable", "carry") == "carry"
                    else Review(str(target["not_applicable"]["review"])),
                )
                for target in item["to"]
            ),
        )
        for source, item in data["indicators"].items()
    }
    return FrameworkMap(
        framework_id=new.id,
        from_version=old.version,
        to_version=new.version,
        indicators=indicators,
        new=tuple(data["new"]),
        reasons={key: dict(texts) for key, texts in data["reasons"].items()},
    )
