"""Entry point for ``python -m laos_tip``."""

from laos_tip.cli import main

main()
