"""Unit conversion of emissions with openscm-units (pint), imported only when needed.

Examples
--------
>>> round(conversion_factor("Mt C/yr", "Gt CO2/yr", "CO2 FFI"), 6)  # 44/12 / 1000
0.003667
>>> normalise_unit("kt HFC-134a/yr")
'kt HFC134a/yr'
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["UNIT_CONTEXTS", "conversion_factor", "normalise_unit"]

#: openscm-units contexts needed for a species' conversions (NOx as NO2 or N; NH3 as N).
UNIT_CONTEXTS = {"NOx": "NOx_conversions", "NH3": "NH3_conversions"}

_HYPHEN_IN_NAME = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")


def normalise_unit(unit: str) -> str:
    """Spell a unit the way openscm-units parses it.

    Hyphens inside substance names are dropped (``kt HFC-134a/yr`` -> ``kt HFC134a/yr``,
    ``kt HFC43-10/yr`` -> ``kt HFC4310/yr``, ``kt c-C4F8/yr`` -> ``kt cC4F8/yr``):
    pint would read them as subtraction.
    """
    return _HYPHEN_IN_NAME.sub("", unit.strip())


@cache
def conversion_factor(unit_from: str, unit_to: str, specie: str) -> float:
    """Multiplier taking values of ``specie`` from ``unit_from`` to ``unit_to``.

    Parameters
    ----------
    unit_from, unit_to : str
        openscm-units strings, e.g. ``'Mt C/yr'`` and ``'Gt CO2/yr'`` (factor 44/12/1000).
    specie : str
        FaIR species name; selects a conversion context where one is needed
        (``NOx``: ``Mt NOx/yr`` is ``Mt NO2/yr``; ``NH3``: ``Mt N/yr`` is nitrogen).

    Raises
    ------
    ValueError
        If the unit cannot be parsed or has another dimension (e.g. CH4 in ``Mt CO2/yr``).
    """
    if normalise_unit(unit_from) == normalise_unit(unit_to):
        return 1.0  # the same spelling: no need for pint (nor its slow context set-up)
    from openscm_units import unit_registry

    try:
        quantity = unit_registry.Quantity(1.0, normalise_unit(unit_from))
        context = UNIT_CONTEXTS.get(specie)
        if context is None:
            return float(quantity.to(unit_to).magnitude)
        with unit_registry.context(context):
            return float(quantity.to(unit_to).magnitude)
    except Exception as exc:  # pint raises assorted types for malformed strings
        raise ValueError(f"cannot convert {unit_from!r} to {unit_to!r}: {exc}") from exc
