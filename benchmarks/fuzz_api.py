"""schemathesis against a live server: every check, for a fixed time budget.

Starts the app with uvicorn on a free 127.0.0.1 port (members capped, so more
requests fit in the budget; the cap changes no code path), runs
``schemathesis run --checks all`` against its ``/openapi.json`` for
``--seconds`` (all phases: examples, coverage, fuzzing, stateful), then stops
the server. ``fuzz_hooks.py`` tells the generator the two ordering rules the
spec states only in words (see there); ``--no-hooks`` leaves them out. Prints
schemathesis's summary and a one-line count of the requests, the 5xx answers and
the failed checks read from its NDJSON event log.
Exit status: schemathesis's (0: no check failed).

Run by hand (it is not a test)::

    python benchmarks/fuzz_api.py --seconds 300
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import start_server


def _count(events: Path) -> tuple[Counter[int], Counter[str]]:
    """HTTP statuses seen and failed checks by name, from schemathesis's NDJSON events."""
    statuses: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    for line in events.read_text(encoding="utf-8").splitlines():
        recorder = json.loads(line).get("ScenarioFinished", {}).get("recorder", {})
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check.get("status") != "success":
                    failures[str(check.get("name"))] += 1
        for interaction in recorder.get("interactions", {}).values():
            response = interaction.get("response") or {}
            if "status_code" in response:
                statuses[int(response["status_code"])] += 1
    return statuses, failures


def _environ(hooks: bool) -> dict[str, str]:
    """schemathesis's environment: this folder importable, and its hooks module named."""
    env = {k: v for k, v in os.environ.items() if k != "SCHEMATHESIS_HOOKS"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent),
                                                      env.get("PYTHONPATH", "")]))
    if hooks:
        env["SCHEMATHESIS_HOOKS"] = "fuzz_hooks"
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300, help="time budget of the run")
    parser.add_argument("--members", type=int, default=10, help="members cap of the server")
    parser.add_argument("--seed", type=int, default=1, help="schemathesis's seed")
    parser.add_argument("--no-hooks", action="store_true",
                        help="without fuzz_hooks.py (the ordering rules stated in words)")
    args = parser.parse_args()
    proc, url = start_server(max_members=args.members)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            events = Path(tmp) / "events.ndjson"
            done = subprocess.run(
                ["schemathesis", "run", f"{url}/openapi.json", "--checks", "all",
                 "--max-time", str(args.seconds), "--max-examples", "100000",
                 "--continue-on-failure", "--seed", str(args.seed), "--workers", "1",
                 "--request-timeout", "120", "--report", "ndjson",
                 "--report-ndjson-path", str(events), "--no-color"],
                check=False, cwd=tmp,  # its cache of failures stays out of the repository
                env=_environ(hooks=not args.no_hooks))
            statuses, failures = _count(events) if events.exists() else (Counter(), Counter())
    finally:
        proc.terminate()
        proc.wait()
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    print(f"requests {sum(statuses.values())}, statuses {dict(sorted(statuses.items()))}, "
          f"5xx {server_errors}, failed checks {dict(failures) or 0}")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
