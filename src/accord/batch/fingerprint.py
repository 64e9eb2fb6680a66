"""What a batch result depends on besides its item: the fingerprint a resume checks.

A finished item is reused on a rerun only if its fingerprint (``BatchItem.sha``)
is unchanged. The item's own input is not enough: a deal's verdict also
depends on the *contents* of its presets, of the current-policies table, of
the baseline it is compared with, on the package data and on the model code.
:func:`with_context` writes all of these into each item's ``context`` before
a run, so changing any of them (editing the baseline file, a preset, upgrading
accord) reruns exactly the items they affect:

* every item: accord's version, the package data version, the members;
* a deal: its resolved levers (presets and current policies filled in) and
  the resolved baseline's levers and reference world;
* an emissions item: nothing more (it has no baseline).

Examples
--------
>>> from accord.batch.sources import scenario_items
>>> item = scenario_items([("a", {"name": "a", "preset": "sunnylands-2023"})], "doc")[0]
>>> one = with_context([item], "current-policies", 10)[0]
>>> one.sha != item.sha, one.sha == with_context([item], "current-policies", 10)[0].sha
(True, True)
>>> one.sha != with_context([item], "current-policies", 11)[0].sha
True
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence

from accord.batch.sources import BatchItem

__all__ = ["resolved_text", "with_context"]


def resolved_text(scenario: object) -> str:
    """The resolved levers of a scenario (preset name, file or Scenario) as JSON text.

    A scenario that cannot be resolved gives its error text (it fails the same
    way again while its inputs are unchanged).
    """
    from accord.emissions.world import as_resolved
    from accord.levers import ScenarioError

    try:
        resolved = as_resolved(scenario)  # type: ignore[arg-type]
    except (ScenarioError, ValueError, OSError) as exc:
        return f"error: {exc}"
    regions = {r: levers.model_dump(mode="json") for r, levers in resolved.regions.items()}
    # the scenario's own [international] levers move the world too: two deals that differ
    # only there must not share a stored result
    own = resolved.international.model_dump(mode="json")
    return repr((resolved.reference_world, sorted(regions.items()), sorted(own.items())))


def _baseline_text(baseline: str) -> str:
    """The resolved baseline; a baseline that cannot be resolved is the user's to fix."""
    from accord.emissions.world import as_resolved

    as_resolved(baseline)  # raises ScenarioError naming the field
    return resolved_text(baseline)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:16]


def with_context(items: Sequence[BatchItem], baseline: str,
                 members: int | None) -> list[BatchItem]:
    """``items`` with their ``context`` set (see the module docstring)."""
    import accord
    from accord.data import data_version

    common = _digest(accord.__version__, data_version(), str(members))
    deals = [i for i in items if i.kind == "scenario" and i.scenario is not None]
    deal = _digest(common, _baseline_text(baseline)) if deals else common
    out = []
    for item in items:
        if item.kind == "scenario" and item.scenario is not None:
            context = _digest(deal, resolved_text(item.scenario))
        else:
            context = common
        out.append(dataclasses.replace(item, context=context))
    return out
