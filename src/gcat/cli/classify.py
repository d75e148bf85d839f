"""``gcat classify``: suggest thematic areas, GCAT domains and indicators for initiatives."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    LangOption,
    check_lang,
    cli_actor,
    edge,
    open_database,
    stderr,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.errors import InputError, Problem
from gcat.i18n import message

__all__ = ["classify"]


RETRAIN = "retrain"
"""``gcat classify retrain`` rebuilds the model (a file of that name is given as ./retrain)."""

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="Model folder (default: the classifier_model setting)."),
]


@app.command("classify")
@edge
def classify(
    input_file: Annotated[
        str,
        typer.Argument(
            metavar="IN.jsonl|retrain",
            help="JSON Lines (id, text, optional lang) to classify, or retrain to rebuild the "
            "model from the shipped examples and the analysts' confirmed decisions.",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON Lines file to write.")
    ] = None,
    model: ModelOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Suggest thematic areas, GCAT domains and indicators for each initiative of IN.jsonl."""
    lang = check_lang(lang)
    if input_file == RETRAIN:
        _retrain(database, model, lang)
        return
    if output is None:
        raise InputError([Problem("cli.output_required", {"option": "--output"}, field="-o")])
    from rich.progress import Progress

    from gcat.services.classification import classify_file

    path = Path(input_file)
    data = read_input(path)
    with Progress(console=stderr(), transient=True) as bar:
        task = bar.add_task(message("classify.progress", lang), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = classify_file(cli_actor(), data, str(path), model=model, progress=advance)
    write_output(output, result)
    written(output, lang)


def _retrain(database: str | None, model: Path | None, lang: str) -> None:
    from gcat.services.classification import model_folder, retrain
    from gcat.services.review import confirmed_examples

    actor = cli_actor()
    built = retrain(actor, confirmed_examples(actor, open_database(database)), model)
    info: dict[str, Any] = dict(built.info)
    stderr().print(
        message(
            "classify.retrained",
            lang,
            examples=info["examples"],
            confirmed=info["confirmed"],
            path=str(model_folder(model)),
        )
    )
