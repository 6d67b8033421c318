"""The article's own survey results, quoted (Sullivan & Milburn 2025, §5.1, Tables 1 and 2).

Transcribed from the published article (INFORMS Transactions on Education 26(1):1–7, §5.1); the
raw answers were not published, so these numbers can be quoted beside a class's results but not
recomputed. Columns are survey items 1, 2, 3 (see :data:`.instrument.ITEMS`).
"""

from __future__ import annotations

CITATION = ("Sullivan & Milburn (2025), INFORMS Trans. Ed. 26(1):1–7, §5.1 "
            "(Table 1: Summary Statistics for Pre and Post Survey Responses; Table 2: Results of "
            "Hypothesis Tests on Mean Differences in Pre and Post Responses)")

TABLE_1: dict[str, tuple[float, float, float]] = {
    "Count (Pre)": (57, 57, 57),
    "Count (Post)": (58, 58, 58),
    "Median (Pre)": (4, 4, 5),
    "Median (Post)": (4, 5, 5),
    "Mode (Pre)": (4, 4, 5),
    "Mode (Post)": (4, 5, 5),
    "Mean (Pre)": (3.63, 3.67, 4.40),
    "Mean (Post)": (4.03, 4.5, 4.64),
}

TABLE_2: dict[str, tuple[float, float, float]] = {
    "Number of paired responses": (51, 51, 51),
    "p-value (two-sided test)": (0.0281, 7.284e-6, 0.0286),
    "p-value (one-sided test)": (0.0140, 3.642e-6, 0.0143),
}
