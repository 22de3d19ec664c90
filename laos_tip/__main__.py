"""Entry point for ``python -m laos_tip``."""

from laos_tip.cli.entry import main

main()
