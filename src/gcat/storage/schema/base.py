"""What every table shares: the metadata, UTC timestamps, and the administration key.

Every table is declared with ``sqlite_autoincrement=True``: on SQLite an id is then never
given again after a delete (PostgreSQL sequences never reuse ids anyway); a test checks it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

__all__ = ["NAME", "TEXT", "UTCDateTime", "administration_fk", "metadata"]


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

NAME = 200
TEXT = 5000


def administration_fk() -> sa.Column[int]:
    return sa.Column(
        "administration_id",
        sa.Integer,
        sa.ForeignKey("administrations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
