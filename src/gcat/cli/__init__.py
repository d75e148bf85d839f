"""The ``gcat`` command line: thin commands over :mod:`gcat.services`, one module per area.

Every :class:`~gcat.errors.GcatError` becomes a one-line message in the chosen language and exit
code 2; nothing is written when a command fails.
"""

from __future__ import annotations

from gcat.cli import (
    actionplan,
    assessment,
    classify,
    compendium,
    db,
    declaration,
    exchange,
    framework,
    members,
    practices,
    secretariat,
    serve,
    survey,
    team,
    users,
)
from gcat.cli.app import app

__all__ = ["app", "main"]

_AREAS = (
    actionplan,
    assessment,
    classify,
    compendium,
    db,
    declaration,
    exchange,
    framework,
    members,
    practices,
    secretariat,
    serve,
    survey,
    team,
    users,
)
"""Imported for the commands they register."""


def main() -> None:
    """Console-script entry point."""
    app()
