"""``accord run`` imports only what its path needs (a quick command starts quickly).

Counted in modules, never in seconds: a warm ``accord run`` (history cache
filled) works on plain arrays from the levers to the verdict table, so the
labelled-data stack (pandas, xarray), the plotting libraries, the web stack and
dask must stay unimported; each would add a tenth of a second or more to every
command. Writing ``--out``/``--plot`` or serving the page imports them when asked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

#: top-level packages the warm ``run`` path must not import
NOT_ON_THE_RUN_PATH = ("pandas", "xarray", "matplotlib", "plotly", "fastapi", "starlette",
                       "uvicorn", "httpx", "dask", "distributed", "scipy.stats",
                       "scipy.optimize")

PROBE = """
import json, sys
from accord.interfaces.cli import main
sys.argv = ["accord", "run", "--no-attribution", "--members", "3", "--json"]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print(json.dumps(sorted(sys.modules)))
"""


def _modules_of_a_run(cache: Path) -> tuple[dict[str, object], set[str]]:
    env = dict(os.environ, ACCORD_CACHE_DIR=str(cache))
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=env, check=True)
    verdict, modules = proc.stdout.strip().rsplit("\n", 1)
    return json.loads(verdict), set(json.loads(modules))


def test_a_warm_run_imports_no_labelled_plotting_web_or_dask_stack(tmp_path):
    first, _ = _modules_of_a_run(tmp_path)  # fills the history cache (may use xarray)
    second, modules = _modules_of_a_run(tmp_path)
    assert second == first
    imported = [m for m in NOT_ON_THE_RUN_PATH if m in modules]
    assert imported == [], f"accord run imported {imported}"
    # the probe is live: the modules the run needs are in the list it checks
    assert {"accord.pipeline", "accord.climate.kernel", "numba", "pydantic"} <= modules
