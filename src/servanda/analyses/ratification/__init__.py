"""Ratification: will a guarantee pass each guarantor's procedure, and when?

Modules: :mod:`.jurisdictions` (data model and loader), :mod:`.legislature` (dated seat
compositions), :mod:`.parlgov` (bundled ParlGov extract), :mod:`.stances`, :mod:`.votes`
(exact pass probabilities), :mod:`.timing` (time to ratify), :mod:`.package` (per guarantor and
package aggregates), :mod:`.historical` (multi-state cases), :mod:`.montecarlo` (cross-check),
:mod:`.inputs` (instrument adapter), :mod:`.report` (tables, JSON, plots). See
``docs/ratification.md``.
"""

from servanda.analyses.ratification.jurisdictions import load_jurisdiction
from servanda.analyses.ratification.package import (
    GuaranteeSpec,
    GuarantorResult,
    PackageResult,
    analyse_guarantee,
    analyse_package,
    p_at_least,
    poisson_binomial,
)

__all__ = [
    "GuaranteeSpec",
    "GuarantorResult",
    "PackageResult",
    "analyse_guarantee",
    "analyse_package",
    "load_jurisdiction",
    "p_at_least",
    "poisson_binomial",
]
