"""The ``gcat`` command line: thin commands over :mod:`gcat.services`, one module per area.

Every :class:`~gcat.errors.GcatError` becomes a one-line message in the chosen language and exit
code 2; nothing is written when a command fails.
"""

from __future__ import annotations

from gcat.cli import assessment, db, exchange, framework, members, serve
from gcat.cli.app import app

__all__ = ["app", "main"]

_AREAS = (
    assessment,
    db,
    exchange,
    framework,
    members,
    serve,
)  # imported for the commands they register


def main() -> None:
    """Console-script entry point."""
    app()
