"""Tables of the Secretariat's collection: submissions (immutable snapshots) and benchmark packs.

A submission is what an administration sent to the Secretariat: a validator's locked
assessment, or a ``.gcat.json`` file the Secretariat imported. Its snapshot and checksum never
change (a trigger refuses it on both databases); only its status moves (submitted, withdrawn,
superseded by a later submission of the same cycle).

A benchmark pack is the anonymised distributions a laptop imported from the Secretariat:
shared reference data, like the member list.
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, UTCDateTime, administration_fk, metadata

__all__ = ["benchmark_packs", "submissions"]

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    sa.Column("member_code", sa.String(40), nullable=True, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("source_id", sa.Integer, nullable=True),
    sa.Column("cycle", sa.String(40), nullable=False),
    sa.Column("framework_id", sa.String(40), nullable=False),
    sa.Column("framework_version", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("filename", sa.String(NAME), nullable=False, default=""),
    sa.Column("submitted_at", UTCDateTime(), nullable=False),
    sa.Column("submitted_by", sa.String(NAME), nullable=False),
    sa.Column("changed_at", UTCDateTime(), nullable=True),
    sa.Column("changed_by", sa.String(NAME), nullable=False, default=""),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Column("scores", sa.JSON, nullable=False),
    sa.Index("ix_submissions_cycle_status", "cycle", "status"),
    sqlite_autoincrement=True,
)

benchmark_packs = sa.Table(
    "benchmark_packs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("filename", sa.String(NAME), nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("imported_at", UTCDateTime(), nullable=False),
    sa.Column("imported_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)
