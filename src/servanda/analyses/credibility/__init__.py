"""Credibility from data: how often alliance commitments like an instrument's were honoured in war.

A small L2-regularised logistic regression fitted on Berkemeier & Fuhrmann (2018), merged with ATOP 4.01
design features, ships as ``servanda/data/credibility/model.json``. :func:`predict` takes an instrument's
ATOP coding (column name -> value, None = undecided) and returns a :class:`CredibilityEstimate`.

>>> from servanda.analyses.credibility import predict
>>> est = predict({"defense": 1, "offense": 0, "neutral": 0, "nonagg": 1, "consul": 1})
>>> est.reference_class.describe()
'defence pacts, 1945–2003: 6 of 43 honoured'

Refit: ``python -m servanda.analyses.credibility.refit --data DTA --atop CSV --out model.json``.
See ``docs/credibility.md``.
"""

from servanda.analyses.credibility.model import (
    CredibilityEstimate,
    CredibilityModel,
    ReferenceClass,
    load_model,
    predict,
)

__all__ = [
    "CredibilityEstimate",
    "CredibilityModel",
    "ReferenceClass",
    "load_model",
    "predict",
]
