"""Settings, declared once and read in a fixed order: ``GCAT_*`` environment, then the default.

Nothing is created at import time: :func:`load_settings` builds a :class:`Settings` value.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from gcat.storage.db import default_database_url

__all__ = ["Settings", "load_settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app needs to run."""

    database_url: str
    """SQLAlchemy URL; default: an SQLite file in the user's data folder (GCAT_DATABASE_URL)."""
    language: str = "en"
    """Default interface language: en, fr or es (GCAT_LANG)."""
    user: str = ""
    """Name recorded in the audit history when the browser gives none (GCAT_USER)."""


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def load_settings(*, database_url: str | None = None) -> Settings:
    """Settings from the arguments, then ``GCAT_*`` variables, then defaults."""
    from gcat.i18n import resolve_language

    return Settings(
        database_url=database_url or os.environ.get("GCAT_DATABASE_URL") or default_database_url(),
        language=resolve_language(os.environ.get("GCAT_LANG")),
        user=os.environ.get("GCAT_USER") or _default_user(),
    )
