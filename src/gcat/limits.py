"""Every size limit gcat applies, in one place: files, the API, imports and exports use these.

A limit that a user can meet is named in the message they get (the message code
``check.text_too_long`` or ``file.too_large`` with the limit as a parameter).
"""

from __future__ import annotations

__all__ = [
    "EVIDENCE_TYPES",
    "MAX_AMENDMENTS",
    "MAX_ANSWERS",
    "MAX_BACKUP_BYTES",
    "MAX_BACKUP_MEMBERS",
    "MAX_BACKUP_UNPACKED_BYTES",
    "MAX_BATCH_BYTES",
    "MAX_BATCH_FILES",
    "MAX_CLASSIFY_LINES",
    "MAX_CYCLE",
    "MAX_DECLARATION_BYTES",
    "MAX_DOCUMENT_BYTES",
    "MAX_EVIDENCE_ITEMS",
    "MAX_ID",
    "MAX_IMPORT_BYTES",
    "MAX_LINK",
    "MAX_LINKS",
    "MAX_MEASURES",
    "MAX_NAME",
    "MAX_PARTS",
    "MAX_PART_TEXT",
    "MAX_PASSWORD",
    "MAX_PLAN_POINTS",
    "MAX_PRACTICE_FILES",
    "MAX_PRACTICE_ROWS",
    "MAX_PRACTICE_TEXT",
    "MAX_RESTORE_UPLOAD_BYTES",
    "MAX_SURVEY_ROWS",
    "MAX_TEXT",
    "MAX_TITLE",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_USERNAME",
    "MB",
    "MIN_PASSWORD",
]

MB = 1024 * 1024

MAX_ID = 2**31 - 1
"""The largest record id (ids are 32-bit on every database); a larger one is "not found"."""
MAX_NAME = 200
"""Characters of a name: an administration, a person, a plan owner, a file name."""
MAX_CYCLE = 40
"""Characters of an assessment cycle ("2025", "2025-S1")."""
MAX_TEXT = 5000
"""Characters of a free text: a comment, an evidence note, a reason."""
MAX_TITLE = 300
"""Characters of a practice's title."""
MAX_PRACTICE_TEXT = 20_000
"""Characters of one section of a practice (background, description, results...)."""
MAX_LINKS = 20
"""Web links of one practice."""
MAX_LINK = 2000
"""Characters of one web link."""
MAX_MEASURES = 30
"""Measurable results of one practice."""
MAX_PRACTICE_ROWS = 500
"""Practices in one workbook (one row each)."""
MAX_PRACTICE_FILES = 200
"""Files given to one ``gcat practice import`` or ``gcat compendium FILE...``."""
MAX_ANSWERS = 1000
"""Answers (and plan items) in one file, counted before it is parsed; a file with more answers
than its framework has indicators is refused before its answers are checked."""
MAX_EVIDENCE_ITEMS = 50
"""Evidence notes of one answer in a file (each at most :data:`MAX_TEXT`)."""
MAX_PARTS = 2000
"""Numbered parts (paragraphs) of one declaration."""
MAX_PART_TEXT = 20_000
"""Characters of one part of a declaration, or of one amendment's new text."""
MAX_AMENDMENTS = 20_000
"""Amendments to one declaration."""
MAX_PLAN_POINTS = 500
"""Action points of one action plan (each with at most 50 milestones and 50 dependencies)."""

MAX_CLASSIFY_LINES = 20_000
"""Lines of one JSON Lines file given to ``gcat classify`` (each at most :data:`MAX_TEXT`)."""

MAX_SURVEY_ROWS = 5000
"""Rows of one survey table (the WCO has 186 Members; a few initiatives each)."""

MAX_DOCUMENT_BYTES = 10 * MB
"""An answers file (YAML or JSON) or any other structured document read as text."""
MAX_IMPORT_BYTES = 20 * MB
"""A file given to an importer (workbook, exchange file, CSV)."""
MAX_DECLARATION_BYTES = 5 * MB
"""A declaration's text (txt, md or docx) given to the bracket-notation importer."""
MAX_UNPACKED_BYTES = 100 * MB
"""The unpacked size of a zip-based file (xlsx, docx) before it is parsed."""
MAX_UPLOAD_BYTES = 10 * MB
"""One evidence file."""
MAX_BACKUP_BYTES = 4096 * MB
"""A backup file given to ``gcat db restore`` (the whole database with its evidence files)."""
MAX_BACKUP_UNPACKED_BYTES = 8192 * MB
"""The unpacked size of a backup's members, counted as they are read."""
MAX_BACKUP_MEMBERS = 500_000
"""Members of a backup file: its manifest, one per table and one per distinct file."""
MAX_RESTORE_UPLOAD_BYTES = 512 * MB
"""A backup file uploaded to the app's "Restore from a backup" page."""

MAX_BATCH_FILES = 5000
"""Files in one batch the Secretariat imports (186 Members × many cycles fit)."""
MAX_BATCH_BYTES = 2048 * MB
"""Bytes of all the files of one batch import together."""

MAX_USERNAME = 100
"""Characters of a user name (letters, digits and ``. _ - @``)."""
MIN_PASSWORD = 12
"""Characters a password must have at least."""
MAX_PASSWORD = 256
"""Characters a password may have at most (a longer one is refused before any hashing)."""

EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
"""File-name endings accepted as evidence, with the media type they are served as."""
