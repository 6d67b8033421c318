"""Export a district and a plan to an Excel workbook whose metrics are live formulas.

The open counterpart of the case's *DataAndMetricsDemo* workbook: a student types a school name
for each zone on the ``plan`` sheet (a dropdown offers the schools) and Excel (or LibreOffice)
recomputes, with ordinary formulas and no macros,

* per zone i: b_i, c_i, h_{i,π(i)} (looked up in the distance matrix) and b_i · h_{i,π(i)};
* per school j: load L_j = Σ_{i: π(i)=j} b_i (``SUMIF``), ED_j = Σ_{i: π(i)=j} c_i, use L_j / u_j
  and an ``OVER`` flag when L_j > u_j;
* EWD = Σ_i b_i h_{i,π(i)} (``SUMPRODUCT``), Range#ED = max_j ED_j − min_j ED_j, the number of
  zones with a known school, the number of schools over capacity and ``feasible`` (YES / NO).

The data sheets ``zones``, ``schools`` and ``distances`` (a zones × schools matrix) hold the
numbers the formulas read, so changing a capacity or a distance there updates the metrics too.
:func:`cells` gives the address of every input and result, e.g. ``cells(d).ewd == "plan!J15"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from orville_case.zoning.data import District

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells the user types in
OVER_FILL = PatternFill("solid", fgColor="F4CCCC")
BOLD = Font(bold=True)
# Columns of the plan sheet: one row per zone in A..G, one row per school in I..N.
ZONE_COLUMNS = ("zone", "school (type or pick)", "students b_i", "ED students c_i",
                "known school?", "miles h_ij", "student-miles b_i·h_ij")
SCHOOL_COLUMNS = ("school", "capacity u_j", "students L_j", "ED students ED_j", "use L_j/u_j",
                  "status")


@dataclass(frozen=True)
class Cells:
    """Addresses (``sheet!A1``) of the workbook's inputs and results for one district."""

    school_of: dict[str, str]  # zone -> input cell
    load: dict[str, str]
    ed: dict[str, str]
    status: dict[str, str]  # "ok" or "OVER"
    assigned: str  # number of zones with a known school
    ewd: str
    range_ed: str
    over: str  # number of schools over capacity
    feasible: str  # "YES" or "NO"


def cells(district: District) -> Cells:
    """Where :func:`export_workbook` puts each input and result for ``district``."""
    top = _metrics_row(district)
    return Cells(
        school_of={z: f"plan!B{r}" for r, z in enumerate(district.zones, start=2)},
        load={s: f"plan!K{r}" for r, s in enumerate(district.schools, start=2)},
        ed={s: f"plan!L{r}" for r, s in enumerate(district.schools, start=2)},
        status={s: f"plan!N{r}" for r, s in enumerate(district.schools, start=2)},
        assigned=f"plan!J{top}", ewd=f"plan!J{top + 1}", range_ed=f"plan!J{top + 2}",
        over=f"plan!J{top + 3}", feasible=f"plan!J{top + 4}",
    )


def _metrics_row(district: District) -> int:
    """First row of the metrics block: two rows below the table of schools."""
    return len(district.schools) + 3


def _data_sheets(wb: Workbook, d: District) -> None:
    zones = wb.create_sheet("zones")
    zones.append(["zone", "students", "econ_disadv"])
    for z in d.zones:
        zones.append([z, d.students[z], d.econ_disadv[z]])
    schools = wb.create_sheet("schools")
    schools.append(["school", "capacity"])
    for s in d.schools:
        schools.append([s, d.capacity[s]])
    dist = wb.create_sheet("distances")
    dist.append(["miles h_ij (row: zone, column: school)", *d.schools])
    for z in d.zones:
        dist.append([z, *(d.miles[z, s] for s in d.schools)])
    for ws in (zones, schools, dist):
        for c in ws[1]:
            c.font = BOLD
        ws.column_dimensions["A"].width = 18
    dist.column_dimensions["A"].width = 38


def export_workbook(district: District, plan: Mapping[str, str], path: str | Path) -> Path:
    """Write the data and ``plan`` to ``path`` (.xlsx) with live metric formulas (module doc).

    Zones missing from ``plan`` are left blank for the user to fill in; unknown zone or school
    names raise :class:`OrvilleError`. Returns the path written.
    """
    district.require_known(plan)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    d = district
    n, m = len(d.zones), len(d.schools)
    last, school_last = n + 1, m + 1
    school_list = f"schools!$A$2:$A${school_last}"
    matrix = f"distances!$B$2:${get_column_letter(m + 1)}${last}"
    header = f"distances!$B$1:${get_column_letter(m + 1)}$1"

    wb = Workbook()
    ws = wb.active
    ws.title = "plan"
    ws.append(list(ZONE_COLUMNS))
    for r, z in enumerate(d.zones, start=2):
        ws.append([
            z, plan.get(z),
            f"=zones!B{r}", f"=zones!C{r}",
            f"=IF(COUNTIF({school_list},B{r}&\"\")=1,1,0)",
            f"=IF(E{r}=1,INDEX({matrix},MATCH(A{r},distances!$A$2:$A${last},0),"
            f"MATCH(B{r},{header},0)),\"\")",
            f"=IF(E{r}=1,C{r}*F{r},\"\")",
        ])
        ws[f"B{r}"].fill = INPUT_FILL
    for k, title in enumerate(SCHOOL_COLUMNS):
        ws.cell(1, 9 + k, title)
    zone_rng = f"$B$2:$B${last}"
    for r in range(2, school_last + 1):
        ws[f"I{r}"] = f"=schools!A{r}"
        ws[f"J{r}"] = f"=schools!B{r}"
        ws[f"K{r}"] = f"=SUMIF({zone_rng},I{r},$C$2:$C${last})"
        ws[f"L{r}"] = f"=SUMIF({zone_rng},I{r},$D$2:$D${last})"
        ws[f"M{r}"] = f'=IF(J{r}>0,K{r}/J{r},"")'
        ws[f"M{r}"].number_format = "0%"
        ws[f"N{r}"] = f'=IF(K{r}>J{r},"OVER","ok")'
    top = _metrics_row(d)
    complete = f"J{top}={n}"
    rows = [
        ("zones with a known school", f"=SUM(E2:E{last})", f"of {n}"),
        ("EWD (student-miles)", f'=IF({complete},SUMPRODUCT(C2:C{last},F2:F{last}),"incomplete")',
         "Σ b_i · h_ij"),
        ("Range#ED", f'=IF({complete},MAX(L2:L{school_last})-MIN(L2:L{school_last}),"incomplete")',
         "max ED_j − min ED_j"),
        ("schools over capacity", f'=COUNTIF(N2:N{school_last},"OVER")', "L_j > u_j"),
        ("feasible", f'=IF(AND({complete},J{top + 3}=0),"YES","NO")',
         "every zone has a known school and no school is over capacity"),
    ]
    for k, (label, formula, note) in enumerate(rows):
        ws[f"I{top + k}"], ws[f"J{top + k}"], ws[f"K{top + k}"] = label, formula, note
        ws[f"I{top + k}"].font = ws[f"J{top + k}"].font = BOLD
    ws[f"J{top + 1}"].number_format = "#,##0.0"
    for c in ws[1]:
        c.font = BOLD
    for col, width in zip("ABCDEFGHIJKLMN", (18, 22, 12, 15, 14, 11, 22, 3, 26, 13, 12, 17, 11, 8),
                          strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"

    pick = DataValidation(type="list", formula1=f"={school_list}", allow_blank=True,
                          showErrorMessage=True, errorTitle="unknown school",
                          error=f"Pick one of: {', '.join(d.schools)}",
                          promptTitle="school", prompt="Pick the middle school for this zone")
    pick.add(f"B2:B{last}")
    ws.add_data_validation(pick)
    ws.conditional_formatting.add(f"I2:N{school_last}",
                                  FormulaRule(formula=['$N2="OVER"'], fill=OVER_FILL))
    ws.conditional_formatting.add(f"B2:B{last}", FormulaRule(formula=["$E2=0"], fill=OVER_FILL))
    _data_sheets(wb, d)
    wb.save(path)
    return path
