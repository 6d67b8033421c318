"""Location-allocation: sites data, the distance rule, the reference model and its frontier."""

import csv
import itertools

import pytest

from orville_case.core.errors import DataError, OrvilleError
from orville_case.core.paths import dataset_dir
from orville_case.zoning import location, tradeoffs
from orville_case.zoning.location_checks import random_instance
from orville_case.zoning.plans import evaluate

ORVILLE = dataset_dir("orville")


def test_road_miles_is_the_rule_behind_the_shipped_distances(orville):
    with open(ORVILLE / "facts_distances.csv", newline="") as f:
        for row in csv.DictReader(f):
            for s in orville.schools:
                got = location.road_miles(orville.zone_coords[row["zone"]],
                                          orville.school_coords[s])
                assert abs(got - float(row[s])) <= 0.05 + 1e-3, (row["zone"], s)


def test_the_real_site_gets_the_case_datas_colter_distances(orville):
    ld = location.candidate_district(orville, location.load_sites())
    assert all(ld.miles[z, "Colter"] == orville.miles[z, "Colter"] for z in orville.zones)
    assert [s for s in ld.schools if s not in location.load_sites()] == ["Hartley", "Mason"]


def test_every_site_is_tagged():
    tags = {s.status.split(" (")[0] for s in location.load_sites().values()}
    assert tags <= {"REAL", "REAL BUILDING", "HYPOTHETICAL"} and "REAL" in tags


def test_bad_sites_file_names_row_and_fix(tmp_path):
    bad = tmp_path / "sites.csv"
    bad.write_text("site,lat,lon,capacity,status\nA,36.1,-94.1,lots,X\nA,36.1,-94.1,10,X\n"
                   "A,36.1,-94.1,10,X\n")
    with pytest.raises(DataError) as err:
        location.load_sites(bad)
    text = str(err.value)
    assert "row 2" in text and "row 4" in text and "fix:" in text


def test_colter_fixed_is_the_cases_own_frontier(orville, orville_front):
    ld = location.candidate_district(orville, {"Colter": location.load_sites()["Colter"]})
    front = location.location_frontier(ld, ["Colter"], quiet=True)
    assert [(round(p.f1, 6), p.f2) for p in front] == \
        [(round(p.f1, 6), p.f2) for p in orville_front]


def _brute(ld, new):
    points = set()
    existing = [s for s in ld.schools if s not in new]
    for k in new:
        sub = location.open_district(ld, [*existing, k])
        for combo in itertools.product(sub.schools, repeat=len(sub.zones)):
            r = evaluate(sub, dict(zip(sub.zones, combo, strict=True)))
            if r.feasible:
                points.add((round(r.ewd, 6), r.range_ed))
    return sorted(p for p in points if not any(
        q != p and q[0] <= p[0] and q[1] <= p[1] for q in points))


@pytest.mark.parametrize("seed", [5, 6])
def test_location_frontier_equals_brute_force(seed):
    ld, new = random_instance(seed)
    front = location.location_frontier(ld, new, quiet=True)
    assert [(round(p.f1, 6), p.f2) for p in front] == _brute(ld, new)
    for p in front:
        assert sum(k in p.solution.open for k in new) == 1


def test_closing_one_old_school_with_one_new_is_infeasible(orville):
    ld = location.candidate_district(orville, location.load_sites())
    with pytest.raises(OrvilleError, match="no decision"):
        location.solve_decision(ld, location.location_model(ld, list(location.load_sites()),
                                                            1, closed=1))


def test_least_ewd_at_colter_is_notebook_03s_and_no_site_beats_the_free_choice(orville):
    first = tradeoffs.payoff_table(orville)["min EWD"]
    sites = location.load_sites()
    ld = location.candidate_district(orville, sites)
    assert location.best_ewd_at(ld, list(sites), "Colter") == pytest.approx(first.f1)
    free = location.solve_decision(ld, location.location_model(ld, list(sites)))
    chosen = next(k for k in free.open if k in sites)
    assert location.best_ewd_at(ld, list(sites), chosen) == pytest.approx(free.ewd)
    assert location.best_ewd_at(ld, list(sites), chosen, is_open=False) > free.ewd
