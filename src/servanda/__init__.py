"""servanda: security guarantees between states, written as code.

>>> import servanda
>>> servanda.load("nato.nat").title
'The North Atlantic Treaty'
"""

from servanda.api import InstrumentError, check, evaluate, geometries_of, load

__version__ = "0.1.0"
__all__ = ["InstrumentError", "__version__", "check", "evaluate", "geometries_of", "load"]
