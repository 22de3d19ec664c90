"""Entry point for ``python -m laos_tip``."""

from laos_tip.fast import main

main()
