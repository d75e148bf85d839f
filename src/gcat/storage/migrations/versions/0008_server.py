"""server: accounts, sessions, the audit log, submissions, benchmark packs; members

Revision ID: 0008
Revises: 0007

- ``users`` (argon2 password hashes, a role, an optional administration), ``sessions``
  (server-side: the hash of the cookie's token, its CSRF token, last activity).
- ``audit_log``: append-only; a trigger refuses every UPDATE and DELETE on both databases.
- ``submissions``: immutable snapshots sent to the Secretariat; a trigger refuses deleting one
  or changing its snapshot, checksum, time or administration (only the status moves).
- ``benchmark_packs``: the Secretariat's anonymised distributions, imported on a laptop.
- ``administrations.member_code``: the WCO Member an administration is (server mode).

An assessment is locked for submission by the team's sign-off (0007, ``signoffs``).

SQLite drops a table's triggers when a later migration rebuilds it (batch mode): such a
migration must create them again (``create_triggers``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'gcat: the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'gcat: the audit log is append-only'); END",
    "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions "
    "BEGIN SELECT RAISE(ABORT, 'gcat: submissions are never deleted'); END",
    "CREATE TRIGGER submissions_fixed BEFORE UPDATE OF snapshot, checksum, submitted_at, "
    "administration_id, cycle ON submissions "
    "BEGIN SELECT RAISE(ABORT, 'gcat: a submitted snapshot never changes'); END",
)
_POSTGRES_TRIGGERS = (
    """CREATE FUNCTION gcat_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'gcat: % rows are never changed or deleted', TG_TABLE_NAME; END $$""",
    """CREATE FUNCTION gcat_submission_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.snapshot::text IS DISTINCT FROM OLD.snapshot::text
         OR NEW.checksum IS DISTINCT FROM OLD.checksum
         OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
         OR NEW.administration_id IS DISTINCT FROM OLD.administration_id
         OR NEW.cycle IS DISTINCT FROM OLD.cycle THEN
        RAISE EXCEPTION 'gcat: a submitted snapshot never changes';
      END IF;
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION gcat_append_only()",
    "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions "
    "FOR EACH ROW EXECUTE FUNCTION gcat_append_only()",
    "CREATE TRIGGER submissions_fixed BEFORE UPDATE ON submissions "
    "FOR EACH ROW EXECUTE FUNCTION gcat_submission_fixed()",
)


def create_triggers() -> None:
    """The append-only and immutability triggers, in the dialect of the database."""
    bind = op.get_bind()
    for statement in _SQLITE_TRIGGERS if bind.dialect.name == "sqlite" else _POSTGRES_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table("administrations") as batch_op:
        batch_op.add_column(sa.Column("member_code", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_administrations_member_code"), ["member_code"]
        )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("last_login_at", _TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_users_administration_id_administrations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_users_administration_id"), "users", ["administration_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("last_seen_at", _TIME, nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sessions_token_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sqlite_autoincrement=True,
    )
    for column in ("address", "at", "event", "username"):
        op.create_index(op.f(f"ix_audit_log_{column}"), "audit_log", [column])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("member_code", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("cycle", sa.String(length=40), nullable=False),
        sa.Column("framework_id", sa.String(length=40), nullable=False),
        sa.Column("framework_version", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", _TIME, nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", _TIME, nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_submissions_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_submissions_administration_id"), "submissions", ["administration_id"])
    op.create_index("ix_submissions_cycle_status", "submissions", ["cycle", "status"])
    op.create_index(op.f("ix_submissions_member_code"), "submissions", ["member_code"])
    op.create_index(op.f("ix_submissions_status"), "submissions", ["status"])
    op.create_table(
        "benchmark_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("imported_at", _TIME, nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_packs")),
        sqlite_autoincrement=True,
    )
    create_triggers()


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_table("benchmark_packs")
    op.drop_table("submissions")
    op.drop_table("audit_log")
    op.drop_table("sessions")
    op.drop_table("users")
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION gcat_append_only()")
        op.execute("DROP FUNCTION gcat_submission_fixed()")
    with op.batch_alter_table("administrations") as batch_op:
        batch_op.drop_constraint("uq_administrations_member_code", type_="unique")
        batch_op.drop_column("member_code")
