"""Batch mode: many scenarios on a dask cluster, sweeps over levers, and goal-seek.

* :func:`read_source` reads a folder of scenario files, a CSV of lever
  settings or an IAMC emissions file into :class:`BatchItem` s;
* :func:`run_batch` evaluates them on dask.distributed (a LocalCluster or an
  external scheduler), writing Parquet and netCDF results incrementally and
  resuming an interrupted run;
* :mod:`accord.batch.sweep` samples levers on a grid or a Latin hypercube and
  ranks them by their effect on the verdict;
* :mod:`accord.batch.solve` finds the least-effort lever settings meeting a
  target such as ``P(peak<1.5)>=0.5``.

Each evaluation is :func:`accord.pipeline.simulate` (or, for IAMC emissions,
the climate engine and :func:`accord.assessment.assess`): batch results equal
serial ones exactly.
"""

from __future__ import annotations

from accord.batch.errors import BatchInputError
from accord.batch.evaluate import Outcome, evaluate, evaluate_chunk
from accord.batch.levers import LeverRef, apply_levers, parse_lever
from accord.batch.runner import BatchSummary, prewarm_history, run_batch
from accord.batch.sources import BatchItem, read_source, scenario_items

__all__ = [
    "BatchInputError",
    "BatchItem",
    "BatchSummary",
    "LeverRef",
    "Outcome",
    "apply_levers",
    "evaluate",
    "evaluate_chunk",
    "parse_lever",
    "prewarm_history",
    "read_source",
    "run_batch",
    "scenario_items",
]
