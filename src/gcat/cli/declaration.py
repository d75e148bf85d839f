"""``gcat declaration``: declarations and their amendments (Secretariat)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    JsonOption,
    LangOption,
    check_lang,
    cli_actor,
    edge,
    open_database,
    print_json,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.core.amendments import Amendment, Declaration, conflicts
from gcat.i18n import message, message_n
from gcat.limits import MAX_DECLARATION_BYTES
from gcat.services import declarations as service

__all__ = ["amendment_json", "declaration_app"]

declaration_app = typer.Typer(
    help="Declarations and their amendments: import, decide, export.", no_args_is_help=True
)
app.add_typer(declaration_app, name="declaration")

IdArgument = Annotated[int, typer.Argument(help="The declaration's number (see `list`).")]


def amendment_json(
    amendment: Amendment, lang: str, clashes: dict[str, tuple[str, ...]]
) -> dict[str, Any]:
    """One amendment as JSON (its wording in ``lang``, or in the language it was proposed in)."""
    wording = amendment.wordings.get(lang) or amendment.wordings[amendment.lang]
    return {
        "id": amendment.id,
        "part": amendment.part,
        "action": amendment.action.value,
        "text": wording.text,
        "quoted": wording.quoted,
        "start": wording.start,
        "end": wording.end,
        "proposer": amendment.proposer,
        "cosigners": list(amendment.cosigners),
        "lang": amendment.lang,
        "status": amendment.status.value,
        "preempted_by": amendment.preempted_by,
        "conflicts_with": list(clashes.get(amendment.id, ())),
        "decided_by": amendment.decided_by,
        "decided_at": amendment.decided_at.isoformat() if amendment.decided_at else None,
        "decision_note": amendment.decision_note,
    }


def declaration_json(declaration_id: int, declaration: Declaration, lang: str) -> dict[str, Any]:
    """A declaration and its amendments (in text order) as JSON."""
    clashes = conflicts(declaration)
    return {
        "id": declaration_id,
        "title": dict(declaration.title),
        "languages": list(declaration.languages),
        "version": declaration.version,
        "parts": len(declaration.parts),
        "amendments": [amendment_json(a, lang, clashes) for a in declaration.in_text_order()],
    }


@declaration_app.command("import")
@edge
def import_declaration(
    path: Annotated[
        Path, typer.Argument(help="The text: .txt, .md or .docx, in bracket notation.")
    ],
    lang: LangOption = None,
    title: Annotated[
        str | None, typer.Option(help="Title (default: the text's first line).")
    ] = None,
    into: Annotated[
        int | None, typer.Option("--into", help="Add this language version to declaration N.")
    ] = None,
    as_json: JsonOption = False,
    database: DatabaseOption = None,
) -> None:
    """Read a declaration whose amendments are marked "[text] (ajout proposé par X)"."""
    lang = check_lang(lang)
    imported = service.import_declaration(
        cli_actor(),
        open_database(database),
        read_input(path, MAX_DECLARATION_BYTES),
        str(path),
        lang=lang,
        title=title,
        into=into,
    )
    if as_json:
        print_json(declaration_json(imported.id, imported.declaration, lang))
        return
    decl = imported.declaration
    typer.echo(
        message_n(
            "declaration.imported",
            len(decl.amendments),
            lang,
            id=imported.id,
            parts=len(decl.parts),
            proposers=len({a.proposer for a in decl.amendments}),
        )
    )


@declaration_app.command("demo")
@edge
def demo(lang: LangOption = None, database: DatabaseOption = None) -> None:
    """Store the fictional demonstration declaration (English and French, twelve amendments)."""
    lang = check_lang(lang)
    from gcat.demo.declaration import store_demo_declaration

    stored = store_demo_declaration(open_database(database))
    if stored is None:
        typer.echo(message("declaration.demo_exists", lang))
    else:
        typer.echo(message("declaration.demo_stored", lang, id=stored))


@declaration_app.command("list")
@edge
def list_declarations(
    as_json: JsonOption = False, lang: LangOption = None, database: DatabaseOption = None
) -> None:
    """The declarations, with their languages and open amendments."""
    lang = check_lang(lang)
    found = service.list_declarations(cli_actor(), open_database(database))
    if as_json:
        print_json(
            [
                {
                    "id": d.id,
                    "title": dict(d.title),
                    "languages": list(d.languages),
                    "version": d.version,
                    "amendments": d.amendments,
                    "open": d.open,
                }
                for d in found
            ]
        )
        return
    for d in found:
        title = d.title.get(lang) or next(iter(d.title.values()))
        typer.echo(
            f"{d.id:>4}  {title}  [{', '.join(d.languages)}]  "
            + message("declaration.open_of", lang, open=d.open, total=d.amendments)
        )
    if not found:
        typer.echo(message("declaration.none", lang))


@declaration_app.command("show")
@edge
def show(
    declaration_id: IdArgument,
    lang: LangOption = None,
    as_json: JsonOption = False,
    proposer: Annotated[str | None, typer.Option(help="Only this proposer's amendments.")] = None,
    status: Annotated[str | None, typer.Option(help="Only amendments with this status.")] = None,
    part: Annotated[int | None, typer.Option(help="Only amendments to this part.")] = None,
    database: DatabaseOption = None,
) -> None:
    """The amendments of a declaration, in text order, with their status and conflicts."""
    lang = check_lang(lang)
    stored = service.declaration(cli_actor(), open_database(database), declaration_id)
    data = declaration_json(stored.id, stored.declaration, lang)
    data["amendments"] = [
        a
        for a in data["amendments"]
        if (proposer is None or a["proposer"].casefold() == proposer.casefold())
        and (status is None or a["status"] == status)
        and (part is None or a["part"] == part)
    ]
    if as_json:
        print_json(data)
        return
    from gcat.declarations.views import change_note, status_label

    typer.echo(data["title"].get(lang) or next(iter(data["title"].values())))
    for item in data["amendments"]:
        amendment = stored.declaration.amendment(item["id"])
        clash = item["conflicts_with"]
        extra = (
            "  " + message("declaration.conflicts_with", lang, ids=", ".join(clash))
            if clash
            else ""
        )
        typer.echo(
            f"  {change_note(amendment, lang, lang)} — {status_label(amendment, lang)}{extra}"
        )


@declaration_app.command("decide")
@edge
def decide(
    declaration_id: IdArgument,
    accept: Annotated[
        str | None, typer.Option(help="all, none, or amendments such as A1,A3 (in text order).")
    ] = None,
    reject: Annotated[str | None, typer.Option(help="Amendments to reject: A2,A4.")] = None,
    withdraw: Annotated[
        str | None, typer.Option(help="Amendments their proposer withdrew.")
    ] = None,
    note: Annotated[str, typer.Option(help="The decision's note (meeting, reason).")] = "",
    lang: LangOption = None,
    as_json: JsonOption = False,
    database: DatabaseOption = None,
) -> None:
    """Accept or reject amendments; accepting one makes those that conflict with it fall."""
    lang = check_lang(lang)
    outcome = service.decide_amendments(
        cli_actor(),
        open_database(database),
        declaration_id,
        accept=accept,
        reject=reject,
        withdraw=withdraw,
        note=note,
    )
    if as_json:
        clashes = conflicts(outcome.declaration)
        print_json(
            {
                "changed": [amendment_json(a, lang, clashes) for a in outcome.changed],
                "unchanged": list(outcome.unchanged),
            }
        )
        return
    from gcat.declarations.views import status_label

    for amendment in outcome.changed:
        typer.echo(f"{amendment.id}: {status_label(amendment, lang)}")
    if not outcome.changed:
        typer.echo(message("declaration.nothing_changed", lang))


@declaration_app.command("amend")
@edge
def amend(
    declaration_id: IdArgument,
    part: Annotated[int, typer.Option(help="The part (paragraph) number.")],
    action: Annotated[str, typer.Option(help="insert, delete or replace.")],
    proposer: Annotated[str, typer.Option(help="Who proposes it (a Member, the Secretariat…).")],
    start: Annotated[int, typer.Option(help="Offset of the span in the part's text.")],
    end: Annotated[int | None, typer.Option(help="End of the span (default: start).")] = None,
    quote: Annotated[str, typer.Option(help="The text of the span, as it stands.")] = "",
    text: Annotated[str, typer.Option(help="The new text (empty for a deletion).")] = "",
    rationale: Annotated[str, typer.Option(help="Why.")] = "",
    lang: LangOption = None,
    as_json: JsonOption = False,
    database: DatabaseOption = None,
) -> None:
    """Add an amendment on an exact span; refused when the span no longer matches the text."""
    lang = check_lang(lang)
    engine = open_database(database)
    amendment = service.add_amendment(
        cli_actor(),
        engine,
        declaration_id,
        part=part,
        lang=lang,
        action=action,
        start=start,
        end=start if end is None else end,
        quoted=quote,
        text=text,
        proposer=proposer,
        rationale=rationale,
    )
    if as_json:
        print_json(amendment_json(amendment, lang, {}))
        return
    from gcat.declarations.views import change_note

    typer.echo(change_note(amendment, lang, lang))


@declaration_app.command("export")
@edge
def export(
    declaration_id: IdArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="text, html or docx.")] = "docx",
    view: Annotated[str, typer.Option(help="tracked, consolidated or bilingual.")] = "tracked",
    lang: LangOption = None,
    second_lang: Annotated[
        str | None, typer.Option("--second-lang", help="The other language of the bilingual view.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write the tracked text (Word revision marks), the consolidated text or both languages."""
    lang = check_lang(lang)
    from gcat.services.declaration_export import export_declaration

    out = export_declaration(
        cli_actor(),
        open_database(database),
        declaration_id,
        fmt=fmt,
        view=view,
        lang=lang,
        second=second_lang,
    )
    write_output(output, out.data)
    written(output, lang)
