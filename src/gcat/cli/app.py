"""The root ``gcat`` command; each area module adds its commands to :data:`app`."""

from __future__ import annotations

from typing import Annotated

import typer

from gcat import __version__

__all__ = ["app"]

app = typer.Typer(
    help="Green Customs Assessment Tool: assess, score and plan green customs maturity.",
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"gcat {__version__}")
        raise typer.Exit()
    _use_configured_drafts()
    if ctx.invoked_subcommand is None:
        from gcat.cli.serve import serve

        ctx.invoke(serve)


def _use_configured_drafts() -> None:
    """The drafts folder of the ``drafts_dir`` setting (from the config file too). A broken
    config file is left for the command that needs its settings to report."""
    from gcat.errors import InputError
    from gcat.frameworks.loader import use_drafts_dir
    from gcat.settings import load_settings

    try:
        use_drafts_dir(load_settings().drafts_dir)
    except InputError:
        use_drafts_dir(None)
