"""The Dask engine (``--engine dask``): the columnar engine's pieces per partition on a dask cluster.

See :mod:`servanda.evaluation.dask.engine` and docs/engine.md ("Scale-out on Dask").

Example:
    >>> from servanda.evaluation.engine import get_engine
    >>> get_engine("dask").name
    'dask'
"""

from servanda.evaluation.dask.engine import DaskEngine, SchedulerError, parquet_parts

__all__ = ["DaskEngine", "SchedulerError", "parquet_parts"]
