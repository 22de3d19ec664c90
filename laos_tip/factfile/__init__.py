"""Loading a fact file: reading and parsing its YAML with locations, validating it, and the check report.

``pipeline`` is the one load path (the command line, ``check`` and the API all use it); ``location``
says which file; ``reader`` reads bytes and YAML; ``validator``, ``rules`` and ``numbers`` find every
problem; ``validate`` builds the FactBase; ``report`` keeps the problems for ``check``; ``jsonschema``
is the schema for editors.
"""
