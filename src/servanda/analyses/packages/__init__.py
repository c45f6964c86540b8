"""Packages of guarantees: load a ``servanda-package/1`` file, evaluate it on a scenario, and answer who must
do what, by when, and how likely (with the correlation between guarantors as an explicit assumption).

>>> from servanda.analyses.packages import load_package
>>> load_package("no/such/package.yaml").diagnostics[0].code
'P801'

See ``docs/packages.md``.
"""

from servanda.analyses.packages.answer import PackageAnswer, analyse, credibility_features
from servanda.analyses.packages.model import Package, PackageLoad, load_package
from servanda.analyses.packages.probability import count_pmf, p_at_least
from servanda.analyses.packages.scenario import Scenario, attack_scenario, load_scenario

__all__ = [
    "Package",
    "PackageAnswer",
    "PackageLoad",
    "Scenario",
    "analyse",
    "attack_scenario",
    "count_pmf",
    "credibility_features",
    "load_package",
    "load_scenario",
    "p_at_least",
]
