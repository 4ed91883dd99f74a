"""``python -m advocate``."""

from advocate.cli import main

main()
