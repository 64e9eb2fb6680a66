"""The OpenAPI spec states the scenario rules that span several fields.

pydantic writes each field's own type and range into the spec; the rules the
schema checks *across* fields (and after a preset is merged in) it cannot
write, so a request valid by the spec could still be refused. This module adds
them to the generated spec as plain JSON Schema, from the same constants the
validators use:

* ``ghg_base_year`` is one of the years with net-GHG data *for its region*
  (or ``"peak"``), ``intensity_base_year`` one with GDP data for its region (none
  for EU27 and Rest of World), and each removal lever stays under its region's
  sourced ceiling;
* ``ghg_cut_pct`` needs ``ghg_base_year`` and ``ghg_target_year`` beside it, and
  ``intensity_cut_pct`` needs ``intensity_base_year`` and ``intensity_target_year``
  (in the request itself, even where a preset sets them);
* a trajectory lever's range bounds its shorthand value and each milestone value;
* in words only (see :data:`IN_WORDS`): ``net_zero_year`` is after
  ``ghg_target_year``, ``intensity_target_year`` after ``intensity_base_year``, and
  ``coal_phase_out_year`` is not before ``no_new_coal_from_year``, also against the
  preset a request starts from; the world a scenario builds stays below the
  plausibility bound of every species (five times the SSP extremes).

Examples
--------
>>> from accord.interfaces.web.app import create_app
>>> spec = create_app(warm_up=False).openapi()
>>> targets = spec["components"]["schemas"]["TargetLevers"]
>>> "ghg_base_year" in targets["allOf"][0]["then"]["required"]
True
"""

from __future__ import annotations

from typing import Any

from accord.levers.limits import CEILING_SLACK_GT, removal_ceiling_gt
from accord.levers.schema import (
    GHG_BASE_YEARS,
    INTENSITY_BASE_YEARS,
    REGIONS,
    REMOVAL_TYPES,
)
from accord.levers.tables import has_gdp, has_net_ghg
from accord.levers.trajectory import FIRST_YEAR, LAST_YEAR, SHORTHAND_YEAR

__all__ = ["IN_WORDS", "ORDERED", "add_cross_field_rules"]

_REF = "#/components/schemas/"

#: rules across fields that JSON Schema can state only year by year (a clause per
#: possible year, and more per preset), which schemathesis cannot generate from
#: (measured: past about ten if/then clauses it reports the operation unsupported);
#: they are stated in words in the spec, and a request breaking one gets 422
#: (group, earlier year, later year, strictly later) of the ordering rules stated in words
ORDERED = (("targets", "ghg_target_year", "net_zero_year", True),
           ("targets", "intensity_base_year", "intensity_target_year", True),
           ("power", "no_new_coal_from_year", "coal_phase_out_year", False))
IN_WORDS = ("net_zero_year is after ghg_target_year, intensity_target_year is after "
            "intensity_base_year, and coal_phase_out_year is not before no_new_coal_from_year, "
            "also once the preset (or current policies) fills the one a request leaves out; "
            "and the world a scenario's levers build stays below five times the largest value "
            "of the 8 SSPs for every species (compounding growth rates held for decades can "
            "pass it; such a scenario gets 422 naming the region and the levers)")


def _present(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {name: schema}, "required": [name]}


def _in_group(group: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {group: schema}}


def _under_ceiling(region: str, kind: str) -> dict[str, Any]:
    """A removal trajectory under the region's ceiling: each milestone under that year's.

    The ceilings are concave in time (linear between 2024, 2050 and 2100, rising
    ever more slowly) and start at or above zero, so a path from 0 in 2024 through
    milestones under them stays under them in every year: the per-year maxima say
    all of it.
    """
    def cap(year: int) -> float:
        return removal_ceiling_gt(region, kind, year) + CEILING_SLACK_GT

    return {"anyOf": [
        {"type": "null"},
        {"type": "number", "maximum": cap(SHORTHAND_YEAR)},
        {"type": "object", "properties": {str(y): {"maximum": cap(y)}
                                          for y in range(FIRST_YEAR, LAST_YEAR + 1)}}]}


def _region_rules(region: str) -> dict[str, Any]:
    """What depends on the region: base years with data, the ceilings of removals."""
    base_years = [*[y for y in GHG_BASE_YEARS if has_net_ghg(region, y)], "peak", None]
    gdp_years = [*[y for y in INTENSITY_BASE_YEARS if has_gdp(region, y)], None]
    ceilings = {f"{kind}_gt_per_yr": _under_ceiling(region, kind) for kind in REMOVAL_TYPES}
    targets = {"ghg_base_year": {"enum": base_years}, "intensity_base_year": {"enum": gdp_years}}
    if gdp_years == [None]:  # no GDP: no intensity target at all
        targets["intensity_cut_pct"] = {"type": "null"}
    return {"properties": {"targets": {"properties": targets},
                           "removals": {"properties": ceilings}}}


def _bound_milestones(schemas: dict[str, Any]) -> None:
    """Each trajectory lever's range applies to its shorthand and to every milestone.

    pydantic writes a lever's ``minimum``/``maximum`` beside the ``anyOf`` of its
    forms, where JSON Schema applies them to a plain number only: a milestone
    table with a value out of range would be valid by the spec and refused (422).
    """
    for model in schemas.values():
        for field in model.get("properties", {}).values():
            if not (isinstance(field, dict) and field.get("milestones")):
                continue
            bounds = {k: field[k] for k in ("minimum", "maximum") if k in field}
            for form in field.get("anyOf", []):
                if form.get("type") == "number":
                    form.update(bounds)
                elif form.get("type") == "object":
                    form["additionalProperties"] = {"type": "number", **bounds}


def add_cross_field_rules(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (an OpenAPI dict from FastAPI) with the cross-field rules added in place."""
    schemas = spec["components"]["schemas"]
    _bound_milestones(schemas)
    targets = schemas["TargetLevers"]
    targets.setdefault("allOf", []).append({
        "if": _present("ghg_cut_pct", {"type": "number"}),
        "then": {"properties": {k: {"not": {"type": "null"}}
                                for k in ("ghg_base_year", "ghg_target_year")},
                 "required": ["ghg_base_year", "ghg_target_year"]}})
    targets["allOf"].append({
        "if": _present("intensity_cut_pct", {"type": "number"}),
        "then": {"properties": {k: {"not": {"type": "null"}}
                                for k in ("intensity_base_year", "intensity_target_year")},
                 "required": ["intensity_base_year", "intensity_target_year"]}})
    targets["properties"]["ghg_base_year"]["enum"] = [*GHG_BASE_YEARS, "peak", None]
    targets["properties"]["intensity_base_year"]["enum"] = [*INTENSITY_BASE_YEARS, None]
    regions = schemas["ScenarioIn"]["properties"]["regions"]
    regions["properties"] = {region: {"allOf": [{"$ref": f"{_REF}RegionLevers"},
                                                _region_rules(region)]} for region in REGIONS}
    scenario = schemas["ScenarioIn"]
    scenario["description"] = f"{scenario.get('description', '')} Rules across fields: {IN_WORDS}."
    return spec
