"""laos-tip: the official figures on trafficking in persons in Laos, queryable, citable and scriptable."""

__version__ = "0.1.0"
