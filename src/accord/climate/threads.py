"""Keep the linear-algebra library from oversubscribing the cores.

The climate kernel is parallel over members (numba); the numpy/scipy work
around it (the energy-balance discretisation, the matrix products of the
forcing) is made of many small problems that gain nothing from BLAS threads.
On a busy machine those threads compete with the kernel's and with each other:
``accord run`` measured 11-16 s with default BLAS threading against 2 s with
one BLAS thread under a load of 2-5 on two cores. :func:`blas_single_thread`
limits BLAS to one thread for the duration of a block, unless the user chose a
thread count through the usual environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from threadpoolctl import ThreadpoolController

__all__ = ["blas_single_thread"]

#: environment variables by which a user sets the BLAS thread count; respected when set
USER_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                        "BLIS_NUM_THREADS")


@cache
def _controller() -> ThreadpoolController:
    # inspecting the loaded libraries costs about a millisecond: do it once per process
    return ThreadpoolController()


@contextmanager
def blas_single_thread() -> Iterator[None]:
    """Run the block with one BLAS thread (a no-op if the user set a thread count)."""
    if any(os.environ.get(name) for name in USER_THREAD_SETTINGS):
        yield
        return
    with _controller().limit(limits=1, user_api="blas"):
        yield
