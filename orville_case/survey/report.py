"""The survey analysis for people: a text table (the CLI), an HTML section (the class report and
``survey --out``), and the files ``survey.png`` / ``survey.html``."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

from orville_case.core.figures import png_base64
from orville_case.survey.analysis import ZERO_METHOD, ItemResult, SurveyResult
from orville_case.survey.plots import responses_figure

HOW = (f"Paired differences d = post − pre per student; Wilcoxon signed-rank tests exactly as "
       f"scipy.stats.wilcoxon computes them with its defaults (zero_method='{ZERO_METHOD}': "
       "zero differences are dropped before ranking; tied |d| get average ranks; method='auto' "
       "chooses exact, permutation or normal approximation as listed per item). Two-sided "
       "statistic = min(T+, T−); one-sided p for H1: post > pre. Effect size r = (T+ − T−) / "
       "(T+ + T−), the matched-pairs rank-biserial correlation over the nonzero differences. "
       "Holm: two-sided p adjusted for testing all items.")


def fmt_p(p: float | None) -> str:
    """A p-value as the article prints them (4 decimals, or 4 significant digits when tiny)."""
    if p is None:
        return "—"
    return f"{p:.4f}" if p >= 0.001 else f"{p:.3e}"


def _num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}".rstrip("0").rstrip(".")


def _mode(values: list[int]) -> str:
    return "/".join(map(str, values)) or "—"


def table1_rows(items: list[ItemResult]) -> list[tuple[str, list[str]]]:
    """The article's Table 1 rows (label, one cell per item); ties of the mode shown as 4/5."""
    return [("Count (Pre)", [str(i.n_pre) for i in items]),
            ("Count (Post)", [str(i.n_post) for i in items]),
            ("Median (Pre)", [_num(i.median_pre, 1) for i in items]),
            ("Median (Post)", [_num(i.median_post, 1) for i in items]),
            ("Mode (Pre)", [_mode(i.modes_pre) for i in items]),
            ("Mode (Post)", [_mode(i.modes_post) for i in items]),
            ("Mean (Pre)", [_num(i.mean_pre) for i in items]),
            ("Mean (Post)", [_num(i.mean_post) for i in items])]


def table2_rows(items: list[ItemResult]) -> list[tuple[str, list[str]]]:
    """The article's Table 2 rows plus what SciPy used and the effect size."""
    t = [i.test for i in items]
    return [("Number of paired responses", [str(x.n_pairs) for x in t]),
            ("nonzero differences (up / down)", [f"{x.n_nonzero} ({x.n_up} / {x.n_down})"
                                                 for x in t]),
            ("Wilcoxon statistic min(T+, T−)", [_num(x.statistic, 1) for x in t]),
            ("p-value (two-sided test)", [fmt_p(x.p_value) for x in t]),
            ("p-value (one-sided test, post > pre)", [fmt_p(x.p_value_greater) for x in t]),
            ("p-value two-sided, Holm-adjusted", [fmt_p(i.p_value_holm) for i in items]),
            ("effect size r (rank-biserial)", [_num(x.effect_size) for x in t])]


def _notes(result: SurveyResult) -> list[str]:
    notes = [f"{i.item}: {i.test.method}" + (f"; {i.test.note}" if i.test.note else "")
             for i in result.items]
    if result.pre_only:
        notes.append(f"answered only pre ({len(result.pre_only)}): {', '.join(result.pre_only)}")
    if result.post_only:
        notes.append(f"answered only post ({len(result.post_only)}): "
                     f"{', '.join(result.post_only)}")
    return notes


def text(result: SurveyResult) -> str:
    """Both tables as aligned text, then the method per item and the unpaired respondents."""
    heads = [f"item {k} ({i.item})" for k, i in enumerate(result.items, 1)]
    rows = table1_rows(result.items) + [("", [""] * len(heads))] + table2_rows(result.items)
    w = max(len(label) for label, _ in rows)
    cw = max(len(h) for h in heads + [c for _, cells in rows for c in cells]) + 2
    lines = [f"survey {result.file}".rstrip(), f"{'':<{w}}" + "".join(f"{h:>{cw}}" for h in heads)]
    lines += [f"{label:<{w}}" + "".join(f"{c:>{cw}}" for c in cells) for label, cells in rows]
    return "\n".join(lines + ["", textwrap.fill(HOW, 100), *_notes(result)])


def _table(rows: list[tuple[str, list[str]]], heads: list[str]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in ["", *heads])
    body = "".join("<tr><th>" + e(label) + "</th>" + "".join(f"<td class=n>{e(c)}</td>"
                                                                for c in cells) + "</tr>"
                   for label, cells in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def html_section(result: SurveyResult) -> str:
    """The survey as one ``<section>``: figure, Table 1, Table 2, method and unpaired lists."""
    e = html.escape
    heads = [f"Item {k}" for k in range(1, len(result.items) + 1)]
    items = "".join(f"<li><b>{e(i.item)}</b>: {e(i.text)}</li>" for i in result.items)
    fig = png_base64(responses_figure(result, f"pre/post answers, {result.file}"))
    notes = "".join(f"<li>{e(n)}</li>" for n in _notes(result))
    return (f'<section id="survey">'
            f"<p>File <code>{e(result.file)}</code>. Items (article §5.1):</p><ol>{items}</ol>"
            f'<img alt="pre and post answer frequencies per item" '
            f'src="data:image/png;base64,{fig}">'
            f"<h3>Summary statistics (as the article's Table 1)</h3>"
            f"{_table(table1_rows(result.items), heads)}"
            f"<h3>Paired tests (as the article's Table 2)</h3>"
            f"{_table(table2_rows(result.items), heads)}<p>{e(HOW)}</p><ul>{notes}</ul>"
            "</section>")


def html_page(result: SurveyResult) -> str:
    """:func:`html_section` as a self-contained page."""
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Survey summary"
            "</title><style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em "
            "auto;padding:0 1em;line-height:1.4}table{border-collapse:collapse;margin:.5em 0}"
            "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.n{text-align:"
            "right}img{max-width:100%}</style></head><body>"
            + "<h1>Pre/post perception survey</h1>" + html_section(result)
            + "</body></html>\n")


def write_outputs(result: SurveyResult, folder: str | Path) -> list[Path]:
    """Write ``survey.png`` (the chart) and ``survey.html`` (the summary) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, page = folder / "survey.png", folder / "survey.html"
    responses_figure(result, f"pre/post answers, {result.file}").savefig(png, dpi=130)
    page.write_text(html_page(result), encoding="utf-8")
    return [png, page]
