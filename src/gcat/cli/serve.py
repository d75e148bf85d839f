"""``gcat serve``: the assessment app in the browser (also what plain ``gcat`` does)."""

from __future__ import annotations

from typing import Annotated

import typer

from gcat.cli.app import app
from gcat.cli.common import LangOption, check_lang, edge

__all__ = ["serve"]


@app.command()
@edge
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8765,
    database: Annotated[
        str | None,
        typer.Option(
            help="Database URL (default: GCAT_DATABASE_URL, else SQLite in your data folder; "
            "server mode needs postgresql://…)."
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(
            help="local (default: one user, SQLite, 127.0.0.1) or server (accounts and roles on "
            "PostgreSQL; needs GCAT_SECRET_KEY)."
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(help="Address to listen on (local mode: loopback only; default 127.0.0.1)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes in server mode (default: GCAT_WORKERS, else 1).", min=1, max=64
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser.")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo assessments and practices first.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Start the assessment app in your browser (this is also what plain `gcat` does), or the
    multi-user server with `--mode server`."""
    from gcat.server import run_server

    run_server(
        port=port,
        database=database,
        open_browser=not no_browser,
        demo=demo,
        lang=check_lang(lang),
        mode=mode,
        host=host,
        workers=workers,
    )
