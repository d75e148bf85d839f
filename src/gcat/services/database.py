"""Opening the database: the configured one, or a URL given by the user, migrated."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.settings import load_settings
from gcat.storage.db import make_engine, migrate

__all__ = ["open_database"]


def open_database(url: str | None = None) -> sa.Engine:
    """An engine on ``url`` (default: the configured database), at the latest schema."""
    engine = make_engine(url or load_settings().database_url)
    migrate(engine)
    return engine
