"""Every lever has a sector, from the schema's own data; a new lever joins its sector."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import create_model

from accord.levers.fields import value_lever
from accord.levers.schema import LEVER_GROUPS
from accord.levers.sectors import SECTORS, lever_sector, sector_levers


@pytest.fixture
def fresh_sectors() -> Iterator[None]:
    """Forget the cached sector map before and after a test that changes the schema."""
    sector_levers.cache_clear()
    yield
    sector_levers.cache_clear()


def test_every_lever_of_the_schema_has_a_known_sector():
    for group, model in LEVER_GROUPS.items():
        for name in model.model_fields:
            assert lever_sector(group, name) in SECTORS, (group, name)


def test_the_sector_map_lists_every_lever_once_in_schema_order():
    listed = [lever for levers in sector_levers().values() for lever in levers]
    every = [(g, n) for g, m in LEVER_GROUPS.items() for n in m.model_fields]
    assert sorted(listed) == sorted(every) and len(listed) == len(set(listed))
    assert list(sector_levers()) == [s for s in SECTORS if s in sector_levers()]
    for levers in sector_levers().values():  # inside a sector: the schema's order
        assert levers == tuple(sorted(levers, key=every.index))


def test_mixed_groups_split_by_lever_name():
    assert lever_sector("power", "solar_additions_gw_per_yr") == "power"
    assert lever_sector("methane", "agriculture_cut_frac") == "agriculture"
    assert lever_sector("methane", "oil_gas_cut_frac") == "fuel_supply"
    assert lever_sector("methane", "waste_cut_frac") == "waste"
    assert lever_sector("end_use", "clinker_cut_frac") == "industry"
    assert lever_sector("targets", "net_zero_year") == "targets"
    with pytest.raises(KeyError, match="not a lever"):
        lever_sector("power", "no_such_lever")


def test_a_lever_added_to_a_group_joins_its_sector(monkeypatch, fresh_sectors):
    grown = create_model("GrownEndUse", __base__=LEVER_GROUPS["end_use"],
                         transport_hydrogen_trucks_frac=(float | None, value_lever(
                             0, 1, "fraction", "hydrogen share of truck energy")))
    monkeypatch.setitem(LEVER_GROUPS, "end_use", grown)
    assert lever_sector("end_use", "transport_hydrogen_trucks_frac") == "transport"
    assert ("end_use", "transport_hydrogen_trucks_frac") in sector_levers()["transport"]


def test_a_lever_no_sector_claims_is_refused_with_the_fix(monkeypatch, fresh_sectors):
    grown = create_model("GrownMethane", __base__=LEVER_GROUPS["methane"],
                         rice_cut_frac=(float | None, value_lever(0, 1, "fraction", "rice")))
    monkeypatch.setitem(LEVER_GROUPS, "methane", grown)
    with pytest.raises(KeyError, match=r"methane\.rice_cut_frac: no sector.*lever_sectors"):
        lever_sector("methane", "rice_cut_frac")
