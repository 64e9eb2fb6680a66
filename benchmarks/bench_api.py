#!/usr/bin/env python
"""End-to-end speed of the web API: a slider move, timed from request to parsed response.

Starts ``accord``'s app with uvicorn in a subprocess on 127.0.0.1 (a free
port; all 841 members), then:

1. 200 slider changes, one after another: each request moves one lever (China's
   solar additions 2025-2030, a new value every time, so no answer is reused)
   of the Sunnylands preset; ``POST /api/v1/assess`` without attribution, as
   the page sends while a slider moves. Reports p50, p95 and mean, and the
   ratio of one ``fair`` ``FAIR.run()`` of the same 841-member ensemble
   (set up as ``../shared/tools/fair_reference.py`` does; set-up not timed)
   to the p50.
2. with ``--loaded``, the same slider changes again with two busy processes
   (one pure-Python loop each) running beside the server: p50, p95 and the
   loaded/quiet ratio of the p50 (target: at most 2);
3. 8 concurrent clients for 30 s, each moving the lever in its own way: the
   number of requests, errors (anything but 200) and p50/p95.

Usage::

    python benchmarks/bench_api.py [--requests 200] [--clients 8] [--seconds 30]
                                   [--fair-repeats 1] [--loaded] [--json OUT.json]

Loopback only. Machines are noisy: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_climate import (
    BUSY_PROCESSES,
    REFERENCE_SCRIPT,
    busy,
    fair_instance,
    load_average,
    timed,
)

LEVER = "solar_additions_gw_per_yr"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(max_members: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn serving the app on a free loopback port; returns once it answers.

    ``max_members`` caps the members a request runs (default: all 841).
    """
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_WEB_MAX_MEMBERS"}
    if max_members is not None:
        env["ACCORD_WEB_MAX_MEMBERS"] = str(max_members)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "accord.interfaces.web.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(3000):
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server exited")
        try:
            if httpx.get(f"{url}/api/v1/health").status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the server did not answer")


def slider_body(value: float) -> dict[str, object]:
    """One slider position: the Sunnylands preset with China's solar additions moved."""
    return {"scenario": {"name": "slider", "preset": "sunnylands-2023",
                         "regions": {"China": {"power": {LEVER: {"2030": value}}}}}}


def one_request(client: httpx.Client, url: str, value: float) -> tuple[float, int]:
    """Seconds from sending a slider move to its parsed answer, and the status."""
    t0 = time.perf_counter()
    res = client.post(f"{url}/api/v1/assess", json=slider_body(value))
    body = res.json()
    elapsed = time.perf_counter() - t0
    if res.status_code == 200 and body["members"] != 841:
        raise RuntimeError(f"expected 841 members, got {body['members']}")
    return elapsed, res.status_code


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def sequential(url: str, n: int, first: float = 200.0) -> list[float]:
    with httpx.Client(timeout=None) as client:
        for v in (100.0, 101.0, 102.0):  # connection and first-touch warm-up (not counted)
            one_request(client, url, v)
        out = []
        for i in range(n):
            elapsed, status = one_request(client, url, first + 0.5 * i)
            if status != 200:
                raise RuntimeError(f"request {i}: status {status}")
            out.append(elapsed)
        return out


def concurrent(url: str, clients: int, seconds: float) -> tuple[list[float], int, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    end = time.perf_counter() + seconds

    def work(k: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=None) as client:
            for j in range(100_000):  # bounded; stops at the deadline
                if time.perf_counter() >= end:
                    return
                try:
                    elapsed, status = one_request(client, url, 300.0 + 0.25 * j + k / 32)
                except (httpx.HTTPError, ValueError):
                    with lock:
                        errors += 1
                    continue
                with lock:
                    latencies.append(elapsed)
                    errors += status != 200

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, len(latencies)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--fair-repeats", type=int, default=1)
    p.add_argument("--loaded", action="store_true",
                   help=f"repeat the slider changes with {BUSY_PROCESSES} busy processes beside")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    if not REFERENCE_SCRIPT.exists():
        print("error: ../shared/tools/fair_reference.py is needed beside the checkout",
              file=sys.stderr)
        return 2

    proc, url = start_server()
    loaded: list[float] = []
    try:
        load_quiet = load_average()
        seq = sequential(url, args.requests)
        if args.loaded:
            with busy(BUSY_PROCESSES):
                # other values than the quiet phase's, so that no answer is reused
                loaded = sequential(url, args.requests, first=200.25)
                load_busy = load_average()
        lat, errors, count = concurrent(url, args.clients, args.seconds)
    finally:
        proc.terminate()
        proc.wait()

    print("setting up fair (not timed) ...", file=sys.stderr)
    f = fair_instance()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fair_run = statistics.median(timed(lambda: f.run(progress=False), args.fair_repeats))

    figures = {
        "members": 841,
        "slider_requests": len(seq),
        "slider_p50_ms": 1000 * pct(seq, 50),
        "slider_p95_ms": 1000 * pct(seq, 95),
        "slider_mean_ms": 1000 * statistics.fmean(seq),
        "fair_run_s": fair_run,
        "ratio_fair_run_to_slider_p50": fair_run / pct(seq, 50),
        "concurrent_clients": args.clients,
        "concurrent_seconds": args.seconds,
        "concurrent_requests": count,
        "concurrent_errors": errors,
        "concurrent_p50_ms": 1000 * pct(lat, 50) if lat else float("nan"),
        "concurrent_p95_ms": 1000 * pct(lat, 95) if lat else float("nan"),
        "concurrent_requests_per_s": count / args.seconds,
        "load_average_1min_at_start": load_quiet,
    }
    if loaded:
        figures.update({
            "busy_processes": BUSY_PROCESSES,
            "load_average_1min_end_of_busy": load_busy,
            "loaded_slider_p50_ms": 1000 * pct(loaded, 50),
            "loaded_slider_p95_ms": 1000 * pct(loaded, 95),
            "ratio_loaded_to_quiet_p50": pct(loaded, 50) / pct(seq, 50),
        })
    print(f"slider move, end to end ({len(seq)} requests, 841 members): "
          f"p50 {figures['slider_p50_ms']:.1f} ms, p95 {figures['slider_p95_ms']:.1f} ms, "
          f"mean {figures['slider_mean_ms']:.1f} ms")
    print(f"  (target p50 <= 40 ms on a quiet machine; 1-min load average {load_quiet:.1f})")
    if loaded:
        print(f"with {BUSY_PROCESSES} busy processes beside it: p50 "
              f"{figures['loaded_slider_p50_ms']:.1f} ms, p95 "
              f"{figures['loaded_slider_p95_ms']:.1f} ms -> "
              f"{figures['ratio_loaded_to_quiet_p50']:.2f}x the p50 above (target <= 2)")
    print(f"fair FAIR.run() of the same ensemble: {fair_run:.2f} s -> "
          f"{figures['ratio_fair_run_to_slider_p50']:.0f}x the slider p50")
    print(f"{args.clients} concurrent clients for {args.seconds:g} s: {count} requests, "
          f"{errors} errors, p50 {figures['concurrent_p50_ms']:.0f} ms, "
          f"p95 {figures['concurrent_p95_ms']:.0f} ms, "
          f"{figures['concurrent_requests_per_s']:.1f} requests/s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
