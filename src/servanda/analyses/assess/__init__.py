"""One chained answer for a package of guarantees: ratified × still in force × honoured, and how many deliver.

See ``docs/assess.md``. The copula (:mod:`.copula`) gives P(at least k of n) exactly up to quadrature; the
default correlation (:mod:`.correlation`) is fitted on Berkemeier & Fuhrmann (2018); :mod:`.honour` says
what "honoured" means for each obligation type.

>>> from servanda.analyses.assess import p_at_least
>>> round(p_at_least([0.5, 0.5], 1, 0.0), 6)
0.75
"""

from servanda.analyses.assess.chain import GuarantorChain, PackageChain, chain
from servanda.analyses.assess.copula import at_least, count_pmf, p_at_least, sensitivity
from servanda.analyses.assess.correlation import CorrelationDefault, default_correlation
from servanda.analyses.assess.honour import TYPES, Honouring, duty_type, honouring

__all__ = [
    "TYPES",
    "CorrelationDefault",
    "GuarantorChain",
    "Honouring",
    "PackageChain",
    "at_least",
    "chain",
    "count_pmf",
    "default_correlation",
    "duty_type",
    "honouring",
    "p_at_least",
    "sensitivity",
]
