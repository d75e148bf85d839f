"""A member's laptop and the Secretariat's benchmark pack: import it offline, see where you stand.

The pack (:func:`gcat.services.secretariat.benchmark_pack`) holds only the spreads of groups of
at least ``k`` Members. Importing checks it completely: the format, the checksum, ``k`` not
below the floor, every group at least ``k`` strong, every figure in range; anything else is
refused and nothing is stored. The results page then places each domain's score within the
world's and the region's spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.aggregation import WORLD, Spread
from gcat.core.evaluation import Evaluation
from gcat.errors import InputError, Problem
from gcat.exchange.json_reader import CountLimit, read_json
from gcat.limits import MAX_DOCUMENT_BYTES
from gcat.members import load_members
from gcat.policy.access import Actor, Right, require
from gcat.services import audit
from gcat.services.secretariat import PACK_FORMAT, PACK_SCHEMA_VERSION, pack_checksum
from gcat.settings import MIN_SUPPRESSION_K
from gcat.storage import submissions_repository as subs
from gcat.storage.db import write_transaction

__all__ = ["DomainStanding", "Standing", "import_pack", "quarter", "standing"]

_SPREAD_KEYS = ("median", "q1", "q3", "p10", "p90")
_LIMITS = (CountLimit(("groups",), 20, "benchmark.bad_pack"),)


def _refuse(source: str, field: str, code: str = "benchmark.bad_pack", **params: Any) -> InputError:
    return InputError([Problem(code, dict(params), source=source, field=field)])


def _spread(value: Any, source: str, field: str) -> None:
    if not isinstance(value, dict):
        raise _refuse(source, field)
    n = value.get("n")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise _refuse(source, f"{field}.n")
    for key in _SPREAD_KEYS:
        number = value.get(key)
        if not isinstance(number, int | float) or isinstance(number, bool) or not 0 <= number <= 5:
            raise _refuse(source, f"{field}.{key}")


def _check_pack(data: Any, source: str) -> int:
    """Every rule of a pack (see the module); its ``k``."""
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
        raise _refuse(source, "format", "benchmark.not_pack")
    if data.get("schema_version") != PACK_SCHEMA_VERSION:
        raise _refuse(source, "schema_version")
    checksum = data.get("checksum")
    if not isinstance(checksum, dict) or checksum.get("value") != pack_checksum(data):
        raise _refuse(source, "checksum", "exchange.bad_checksum")
    k = data.get("k")
    if not isinstance(k, int) or isinstance(k, bool) or k < MIN_SUPPRESSION_K:
        raise _refuse(source, "k", "benchmark.small_k", minimum=MIN_SUPPRESSION_K)
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise _refuse(source, "groups")
    for index, group in enumerate(groups):
        where = f"groups.{index}"
        if not isinstance(group, dict) or not isinstance(group.get("region"), str):
            raise _refuse(source, where)
        members = group.get("members")
        if not isinstance(members, int) or isinstance(members, bool) or members < k:
            raise _refuse(source, f"{where}.members", "benchmark.small_group", k=k)
        domains = group.get("domains")
        if not isinstance(domains, dict):
            raise _refuse(source, f"{where}.domains")
        for domain_id, cell in domains.items():
            if cell is not None:
                _spread(cell, source, f"{where}.domains.{domain_id}")
    return k


def import_pack(actor: Actor, engine: sa.Engine, data: bytes, filename: str) -> dict[str, Any]:
    """Check and store a benchmark pack; its content."""
    require(actor, Right.EDIT)
    doc = read_json(data, filename, max_bytes=MAX_DOCUMENT_BYTES, limits=_LIMITS)
    _check_pack(doc.data, filename)
    content: dict[str, Any] = doc.data
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        subs.add_pack(
            conn,
            filename=filename[:200],
            checksum=content["checksum"]["value"],
            content=content,
            who=actor.name,
            now=now,
        )
        audit.record(
            conn, actor, "imported", target="benchmark pack", detail={"file": filename[:200]}
        )
    return content


def quarter(value: float, spread: Spread) -> int:
    """Which quarter of the spread ``value`` falls in: 1 (below Q1) … 4 (at or above Q3)."""
    if value < spread.q1:
        return 1
    if value < spread.median:
        return 2
    if value < spread.q3:
        return 3
    return 4


@dataclass(frozen=True, slots=True)
class DomainStanding:
    """One domain: the assessment's score, the world's and the region's spread."""

    domain_id: str
    score: float | None
    world: Spread | None
    region: Spread | None

    @property
    def world_quarter(self) -> int | None:
        """The quarter of the world's spread the score falls in."""
        return quarter(self.score, self.world) if self.score is not None and self.world else None

    @property
    def region_quarter(self) -> int | None:
        """The quarter of the region's spread the score falls in."""
        return quarter(self.score, self.region) if self.score is not None and self.region else None


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an assessment stands against the benchmark pack in force."""

    cycle: str | None
    k: int
    region: str | None
    domains: list[DomainStanding]


def _to_spread(cell: Any) -> Spread | None:
    if not isinstance(cell, dict):
        return None
    return Spread(
        n=int(cell["n"]),
        median=float(cell["median"]),
        q1=float(cell["q1"]),
        q3=float(cell["q3"]),
        p10=float(cell["p10"]),
        p90=float(cell["p90"]),
    )


def standing(actor: Actor, engine: sa.Engine, evaluation: Evaluation) -> Standing | None:
    """The assessment's place in the pack in force (None without a pack)."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        pack = subs.latest_pack(conn)
    if pack is None:
        return None
    member = load_members(engine).find(evaluation.assessment.administration)
    region = member.region if member is not None else None
    groups = {group["region"]: group for group in pack["groups"]}
    world = groups.get(WORLD, {}).get("domains") or {}
    own = groups.get(region or "", {}).get("domains") or {}
    domains = [
        DomainStanding(
            domain_id=domain.domain_id,
            score=domain.score,
            world=_to_spread(world.get(domain.domain_id)),
            region=_to_spread(own.get(domain.domain_id)),
        )
        for domain in evaluation.result.domains
    ]
    return Standing(pack.get("cycle"), int(pack["k"]), region if own else None, domains)
