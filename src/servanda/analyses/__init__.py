"""Analyses built on the instrument model: compare, ATOP coding, credibility, packages, ratification,
durability.

Importing this package registers every analysis' diagnostic codes (R5xx ratification, D6xx durability,
C7xx credibility, P8xx packages) with the central catalogue, so ``docs/errors.md`` and the CLI know them.

>>> import servanda.analyses
>>> from servanda.language.catalogue import CATALOGUE
>>> "R501" in CATALOGUE and "C701" in CATALOGUE
True
"""

from __future__ import annotations


def register_all_codes() -> None:
    """Register the analyses' diagnostic codes with :mod:`servanda.language.catalogue` (idempotent)."""
    from servanda.analyses.credibility.diagnostics import CODES as CREDIBILITY_CODES
    from servanda.analyses.packages.diagnostics import register_codes as register_packages
    from servanda.analyses.ratification.diagnostics import register_codes as register_ratification
    from servanda.language.catalogue import register

    register_ratification()
    register_packages()
    for code, (title, hint) in CREDIBILITY_CODES.items():
        register(
            code,
            title,
            f"The credibility model reports: {title} (see docs/credibility.md).",
            hint,
            "error" if code in {"C708", "C710", "C711"} else "warning",
        )


register_all_codes()
