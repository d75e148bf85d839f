"""The one error hierarchy of gcat.

Every error carries a message ``code`` and its ``params``; the edges (CLI, web) translate the
code into the user's language with :func:`gcat.i18n.message`. ``str(error)`` gives English.

::

    GcatError
    ├── InputError                 bad input from a file or a user, with where it is
    │   ├── AnswersFileError       an answers file (YAML or JSON) that cannot be used
    │   ├── FrameworkDataError     a framework or module file that breaks the schema
    │   └── UnknownMemberError     a name that is not a WCO Member (with the closest names)
    ├── UnknownFrameworkError      a framework id or version that is not installed
    ├── NotFoundError              an assessment, answer or file that does not exist (or that
    │                              the actor may not see: existence is not leaked)
    ├── ForbiddenError             an action the actor's role does not allow
    │   └── ConsentError           a practice that consent or its workflow keeps unpublished
    ├── NotAuthenticatedError      server mode: no valid session (log in first)
    ├── RateLimitedError           too many failed logins: wait ``minutes`` and try again
    ├── ConflictError              a change based on a stale version, or a duplicate
    └── UnavailableError           a service that cannot answer now; try again (a render
                                   past its time limit, a database that is restarting)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "FIELD_LABELS",
    "AnswersFileError",
    "ConflictError",
    "ConsentError",
    "ForbiddenError",
    "FrameworkDataError",
    "GcatError",
    "InputError",
    "NotAuthenticatedError",
    "NotFoundError",
    "Problem",
    "RateLimitedError",
    "UnavailableError",
    "UnknownFrameworkError",
    "UnknownMemberError",
]


FIELD_LABELS = (
    "answer",
    "level",
    "reason",
    "target",
    "flagged",
    "evidence_note",
    "evidence",
    "comment",
    "to_review",
    "change_reason",
    "not_applicable",
    "administration",
    "cycle",
    "assessors",
    "framework",
    "framework_id",
    "framework_version",
    "domains",
    "schema",
    "author",
    "name",
    "file",
)
"""Fields a message may name in words (message ``field.<name>``), never by their key."""


class GcatError(Exception):
    """Base of every error gcat raises on purpose."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    def __reduce__(self) -> tuple[Any, ...]:
        """Errors cross process boundaries (the render worker) intact."""
        return (_rebuild, (type(self), self.code, self.params, getattr(self, "problems", None)))

    def localized(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        from gcat.i18n import message

        return message(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.localized("en")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input: where it is and what is wrong.

    ``source`` is the file, ``line`` its line (or a sheet's row), ``field`` the answers-file
    path (``answers.CC-02.level``), or, in a workbook or a CSV export, the cell (``D12``) or
    the column; ``sheet`` is the workbook's sheet and ``path`` then the answers-file path of
    that cell or column.
    """

    code: str
    params: dict[str, Any]
    source: str | None = None
    line: int | None = None
    field: str | None = None
    sheet: str | None = None
    path: str | None = None
    column: int | None = None

    def localized(self, lang: str = "en") -> str:
        """``file, sheet S:line:column: field: reason`` in ``lang`` (the command line's form,
        which names the answers-file path for those who edit answers files)."""
        from gcat.i18n import message

        source = self.source
        if self.sheet is not None:
            sheet = message("where.sheet_short", lang, sheet=self.sheet)
            source = f"{source}, {sheet}" if source else sheet
        line = str(self.line) if self.line else None
        column = str(self.column) if self.line and self.column else None
        where = ":".join(part for part in (source, line, column) if part)
        reason = message(self.code, lang, **self.params)
        field = self.field
        if field and self.sheet is not None and self.path:
            field = f"{field} ({self.path})"
        prefix = ": ".join(part for part in (where, field) if part)
        return f"{prefix}: {reason}" if prefix else reason

    def readable(self, lang: str = "en") -> str:
        """The problem for an officer, entirely in ``lang``: the file, the sheet and cell (or
        the line and column), the indicator and the field by their names, then the reason;
        never an internal path."""
        from gcat.i18n import message

        places = [message("where.file", lang, name=self.source)] if self.source else []
        path = self.path
        if self.sheet is not None:
            places.append(message("where.sheet", lang, sheet=self.sheet))
            if self.field:
                places.append(message("where.cell", lang, cell=self.field))
            elif self.line:
                places.append(message("where.row", lang, line=self.line))
        else:
            if self.line:
                places.append(message("where.line", lang, line=self.line))
                if self.column:  # a position within the line of a text file
                    places.append(message("where.character", lang, column=self.column))
            if self.field and self.path:
                places.append(message("where.column", lang, column=self.field))
            elif self.field:
                path = self.field
        about = _path_words(path, lang) if path else None
        reason = message(self.code, lang, **self.params)
        where = ", ".join(places)
        if about:
            where = f"{where} — {about}" if where else about
        return f"{message('label', lang, label=where)} {reason}" if where else reason


def _path_words(path: str, lang: str) -> str | None:
    """An answers-file path in words (``answers.CC-02.level`` → "indicator CC-02, level");
    None for a path that has no words (it is never shown as it is)."""
    from gcat.i18n import message

    parts = path.split(".")
    if parts[0] == "answers" and len(parts) >= 2:
        words = [message("where.indicator", lang, id=parts[1])]
        if len(parts) >= 3 and parts[2] in FIELD_LABELS:
            words.append(message(f"field.{parts[2]}", lang))
        return ", ".join(words)
    name = "_".join(part for part in parts if not part.isdigit())
    return message(f"field.{name}", lang) if name in FIELD_LABELS else None


class InputError(GcatError):
    """Input that cannot be used; carries one or more located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems = problems
        first = problems[0]
        super().__init__(first.code, **first.params)

    def localized(self, lang: str = "en") -> str:
        """The first problem, located, in ``lang`` (one line)."""
        return self.problems[0].localized(lang)


class AnswersFileError(InputError):
    """An answers file that cannot be used."""


class FrameworkDataError(InputError):
    """A framework or module file that does not validate."""


class UnknownMemberError(InputError):
    """A name that matches no WCO Member; ``suggestions`` holds the closest entries (they are
    :class:`gcat.core.members.Member` values, closest first)."""

    def __init__(self, problems: list[Problem], suggestions: list[Any]) -> None:
        super().__init__(problems)
        self.suggestions = suggestions


class UnknownFrameworkError(GcatError):
    """A framework id or version that is not installed."""


class NotFoundError(GcatError):
    """An assessment, answer or file that does not exist."""


class ForbiddenError(GcatError):
    """An action the actor's role does not allow."""


class NotAuthenticatedError(GcatError):
    """Server mode: the request has no valid session (absent, expired, ended or forged)."""


class RateLimitedError(GcatError):
    """Too many failed logins for a user name or from an address; ``minutes`` to wait."""


class ConsentError(ForbiddenError):
    """A practice that consent (Section X) or its workflow status keeps out of publications."""


class ConflictError(GcatError):
    """A change based on a stale version, or one that would create a duplicate."""


class UnavailableError(GcatError):
    """A service that cannot answer now (a time limit, a restarting database): try again."""


def _rebuild(
    cls: type[GcatError], code: str, params: dict[str, Any], problems: list[Problem] | None
) -> GcatError:
    """A pickled error, as it was (see :meth:`GcatError.__reduce__`)."""
    if problems is not None and issubclass(cls, InputError):
        return cls(problems)
    return cls(code, **params)
