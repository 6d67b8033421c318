"""The zoning data as pandas tables: the form in which the notebooks' students write their models.

``zones, schools, miles = tables(d)`` gives

* ``zones``: one row per zone i (the index), columns ``students`` (b_i) and ``econ_disadv`` (c_i);
* ``schools``: one row per school j (the index), column ``capacity`` (u_j);
* ``miles``: the distance matrix h_ij, zones as rows and schools as columns.

So a model reads ``zones.students[i]``, ``schools.capacity[j]`` and ``miles.loc[i, j]``. The
self-checks call a student's model builder with the tables of several districts, which is why
the conversion lives here and not in a notebook.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from orville_case.zoning.data import District


class Tables(NamedTuple):
    """The three tables of one district (see the module docstring)."""

    zones: pd.DataFrame
    schools: pd.DataFrame
    miles: pd.DataFrame


def tables(d: District) -> Tables:
    """``d`` as :class:`Tables` (zones and schools in the district's order)."""
    zones = pd.DataFrame({"students": d.students, "econ_disadv": d.econ_disadv},
                         index=pd.Index(d.zones, name="zone"))
    schools = pd.DataFrame({"capacity": d.capacity}, index=pd.Index(d.schools, name="school"))
    miles = pd.DataFrame(d.h, index=zones.index, columns=schools.index)
    return Tables(zones, schools, miles)
