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
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=1, max=65535)] = 8765,
    database: Annotated[
        str | None, typer.Option(help="Database URL (default: SQLite in your data folder).")
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser.")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo assessments and practices first.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Start the assessment app in your browser (this is also what plain `gcat` does)."""
    from gcat.server import run_server

    run_server(
        port=port, database=database, open_browser=not no_browser, demo=demo, lang=check_lang(lang)
    )
