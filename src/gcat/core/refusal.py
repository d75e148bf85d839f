"""How the pure core says no: located findings with a message code, raised as :class:`Refused`.

The core imports nothing outside ``core``, so it cannot raise :mod:`gcat.errors` itself; the
services turn a :class:`Refused` into an ``InputError`` or a ``ConflictError`` at their edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Refused"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason for refusing: a message code, its parameters, and where (when known)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None
    field: str | None = None


class Refused(Exception):
    """The core refuses an input (``conflict=False``) or a change of state (``conflict=True``)."""

    def __init__(self, findings: list[Finding], *, conflict: bool = False) -> None:
        if not findings:
            raise ValueError("a refusal needs at least one finding")
        self.findings = findings
        self.conflict = conflict
        super().__init__(findings[0].code)

    @classmethod
    def one(cls, code: str, *, conflict: bool = False, **params: Any) -> Refused:
        """A refusal with a single unlocated finding."""
        return cls([Finding(code, dict(params))], conflict=conflict)
