"""Storage: one portable SQLAlchemy Core schema (SQLite by default, PostgreSQL in server mode)."""
