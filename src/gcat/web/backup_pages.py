"""Backups from the app: download the whole database in one file, restore it from one."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from gcat.errors import ConflictError, InputError
from gcat.exchange.backup_file import SUFFIX
from gcat.policy.access import Actor
from gcat.services import backup
from gcat.web import deps
from gcat.web.errors import readable
from gcat.web.rendering import render

__all__ = ["RESTORE_PATH", "router"]

router = APIRouter(include_in_schema=False)
RESTORE_PATH = "/backup/restore"

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]


def _write(actor: Actor, engine: sa.Engine) -> str:
    handle, path = tempfile.mkstemp(prefix="gcat-backup-", suffix=SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            backup.backup_database(actor, engine, out)
    except BaseException:
        os.unlink(path)
        raise
    return path


@router.get("/backup/download")
async def download_backup(engine: Engine, actor: Who) -> FileResponse:
    """The whole database with its evidence files, as one file with a checksum."""
    path = await run_in_threadpool(_write, actor, engine)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path,
        media_type="application/zip",
        filename=f"gcat-backup-{stamp}{SUFFIX}",
        background=BackgroundTask(os.unlink, path),
    )


@router.get(RESTORE_PATH, response_class=HTMLResponse)
def restore_form(request: Request, engine: Engine, lang: Lang, actor: Who) -> HTMLResponse:
    """The form to restore a backup, saying what the app holds now."""
    return render(
        request,
        "restore.html",
        lang,
        current=backup.database_contents(actor, engine),
        problem="",
        restored=None,
    )


@router.post(RESTORE_PATH, response_class=HTMLResponse)
async def restore(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    file: Annotated[UploadFile, File()],
    replace: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    """Replace everything with a backup; a database that holds anything is replaced only when
    the officer ticked the box that says so."""
    try:
        restored = await run_in_threadpool(
            lambda: backup.restore_database(
                actor, engine, file.file, file.filename or "backup", replace=replace == "yes"
            )
        )
    except (InputError, ConflictError) as exc:
        return render(
            request,
            "restore.html",
            lang,
            status=409 if isinstance(exc, ConflictError) else 422,
            current=backup.database_contents(actor, engine),
            problem=readable(exc, lang),
            restored=None,
        )
    return render(request, "restore.html", lang, current=restored, problem="", restored=restored)
