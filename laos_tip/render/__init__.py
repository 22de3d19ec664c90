"""Rendering: a View to text, as a terminal table, a piped table, JSON, CSV, TSV or markdown.

``formats`` declares the formats, ``writer`` maps each to its writer, ``machine`` writes the
formats for programs, ``terminal``, ``layout`` and ``pipe`` draw tables for people. Renderers read
the finished text of a View (``views.base.View.cells``); they never call back into view code.
"""
