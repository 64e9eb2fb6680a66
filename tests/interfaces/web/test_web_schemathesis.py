"""schemathesis against the app's own OpenAPI spec: no 5xx, every response as documented.

Requests are generated from ``/openapi.json`` (valid ones, and invalid ones
that must be turned away with a documented 4xx), sent in-process to the app,
and each response is checked for a server error, an undocumented status code
or content type, conformance to its response schema, a valid request refused
or an invalid one accepted. The app caps members at 10 so the whole run stays
short; the cap is the only test setting.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.interfaces.web.app import create_app

# the two ordering rules the spec states in words reach the generator as in the
# 300-s run (benchmarks/fuzz_api.py): loading the module registers its body filter
_HOOKS = Path(__file__).parents[3] / "benchmarks" / "fuzz_hooks.py"
_spec = importlib.util.spec_from_file_location("fuzz_hooks", _HOOKS)
assert _spec is not None and _spec.loader is not None
_spec.loader.exec_module(importlib.util.module_from_spec(_spec))

#: examples per (operation, generation mode); operations without inputs stop early
EXAMPLES = {("POST", "/api/v1/assess"): 220, ("POST", "/api/v1/compare"): 90}
OTHER_EXAMPLES = 5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, positive_data_acceptance, negative_data_rejection]


def _fuzz(operation: schemathesis.APIOperation, mode: GenerationMode, examples: int,
          statuses: Counter[int]) -> int:
    """Send ``examples`` generated requests to one operation; the number sent."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        response = case.call_and_validate(checks=CHECKS, excluded_checks=[])
        sent += 1
        statuses[response.status_code] += 1

    run()
    return sent


def test_generated_requests_get_documented_answers() -> None:
    app = create_app(max_members=10, warm_up=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    calls: Counter[tuple[str, str, str]] = Counter()
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and key not in EXAMPLES:
                continue  # nothing to get wrong in a request without inputs
            examples = EXAMPLES.get(key, OTHER_EXAMPLES)
            calls[(*key, mode.value)] = _fuzz(operation, mode, examples, statuses)
    print(dict(calls), dict(statuses))
    assert sum(calls.values()) >= 500, calls
    assert not any(s >= 500 for s in statuses), statuses
    # the valid requests really ran the model (not all turned away)
    assert statuses[200] >= 200, (statuses, calls)
