"""ATOP export: code an instrument into ATOP 4.01 alliance- and member-level variables.

>>> from servanda.api import load
>>> from servanda.analyses.atop import code_instrument
>>> code_instrument(load("nato.nat@1949")).value("nonagg")
1

Rules per variable: ``docs/atop.md``.
"""

from servanda.analyses.atop.coding import (
    ALLIANCE_COLUMNS,
    MEMBER_COLUMNS,
    AtopCoding,
    Coded,
    code_instrument,
)

__all__ = ["ALLIANCE_COLUMNS", "MEMBER_COLUMNS", "AtopCoding", "Coded", "code_instrument"]
