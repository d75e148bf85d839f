"""``python -m gcat``."""

from gcat.cli import main

main()
