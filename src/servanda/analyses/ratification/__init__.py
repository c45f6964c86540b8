"""Ratification: will a guarantee pass each guarantor's procedure, and when?

Modules: :mod:`.votes` (exact pass probabilities), :mod:`.timing` (time to ratify),
:mod:`.guarantors` (per-guarantor results and their aggregate over several guarantors),
:mod:`.historical` (multi-state cases), :mod:`.montecarlo` (cross-check), :mod:`.report` (tables, JSON,
plots). Jurisdictions, ParlGov seat data and stances live in :mod:`servanda.analyses.legislatures`
(shared with durability); instruments and package files become :class:`GuaranteeSpec` records in
:mod:`servanda.analyses.packages.guarantees`. See ``docs/ratification.md``.
"""

from servanda.analyses.legislatures.jurisdictions import load_jurisdiction
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.analyses.ratification.guarantors import (
    GuarantorResult,
    RatificationResult,
    analyse_guarantee,
    analyse_ratification,
)

__all__ = [
    "GuaranteeSpec",
    "GuarantorResult",
    "RatificationResult",
    "analyse_guarantee",
    "analyse_ratification",
    "load_jurisdiction",
]
