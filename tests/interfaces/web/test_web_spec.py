"""The OpenAPI spec bounds every form of a trajectory lever by the lever's range."""

from __future__ import annotations

from accord.interfaces.web.app import create_app
from accord.levers.schema import MethaneLevers


def test_milestone_values_carry_the_levers_range():
    spec = create_app(warm_up=False).openapi()["components"]["schemas"]
    field = spec["MethaneLevers"]["properties"]["oil_gas_cut_frac"]
    # the range the validator applies: a cut fraction in 0..1 (schema.py)
    info = MethaneLevers.model_fields["oil_gas_cut_frac"].json_schema_extra
    assert isinstance(info, dict)
    bounds = {"minimum": info["minimum"], "maximum": info["maximum"]}
    assert bounds == {"minimum": 0.0, "maximum": 1.0}
    forms = {form.get("type"): form for form in field["anyOf"]}
    assert {k: forms["number"][k] for k in bounds} == bounds
    assert forms["object"]["additionalProperties"] == {"type": "number", **bounds}
