"""A local cluster leaves this process's environment as it found it.

The nannies of a LocalCluster run in the client's process and write the
workers' variables (NUMBA_NUM_THREADS=1 ...) into its environment; numba in the
client would then refuse its next compilation because the variable no longer
matches its running thread pool.
"""

from __future__ import annotations

import os

from numba import njit

from accord.batch.runner import WORKER_THREADS_ENV, local_cluster
from accord.climate import run, ssp_emissions_array


def test_local_cluster_restores_the_environment_and_numba_keeps_working():
    before = {key: os.environ.get(key) for key in WORKER_THREADS_ENV}
    run(ssp_emissions_array(["ssp245"]), members=2, end=1950)  # numba's threads start here
    with local_cluster(2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
    assert {key: os.environ.get(key) for key in WORKER_THREADS_ENV} == before

    @njit
    def plus_one(x):
        return x + 1

    assert plus_one(1) == 2  # a fresh compilation re-reads numba's configuration
    run(ssp_emissions_array(["ssp119"]), members=2, end=1950)
