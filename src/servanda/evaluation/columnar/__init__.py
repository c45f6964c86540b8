"""The columnar engine (``--engine columnar``): triggers compiled to polars expressions; see docs/engine.md.

Example:
    >>> from servanda.evaluation.engine import get_engine
    >>> get_engine("columnar").name
    'columnar'
"""

from servanda.evaluation.columnar.engine import ColumnarEngine, CompiledInstrument

__all__ = ["ColumnarEngine", "CompiledInstrument"]
