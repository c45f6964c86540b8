"""Diagnostics: the lowest layer of servanda (imports nothing else of it).

One :class:`Diagnostic`, one static :data:`CATALOGUE` of codes, one renderer and one exception base
:class:`ServandaError` serve the language, evaluation and every analysis.

    >>> from servanda.diagnostics import CATALOGUE, Diagnostic, render
    >>> print(render(Diagnostic("V902", "no such events file", "e.csv"), None))
    error[V902]: no such events file
      --> e.csv
"""

from __future__ import annotations

from servanda.diagnostics.catalogue import CATALOGUE, RESERVED, CodeInfo, Severity
from servanda.diagnostics.diagnostic import Diagnostic, Span, sort_key, summary
from servanda.diagnostics.errors import ServandaError
from servanda.diagnostics.render import render, render_all

__all__ = [
    "CATALOGUE",
    "RESERVED",
    "CodeInfo",
    "Diagnostic",
    "ServandaError",
    "Severity",
    "Span",
    "render",
    "render_all",
    "sort_key",
    "summary",
]
