"""SYNTHETIC survey answers for trying the analysis — NOT the article's data (never published).

Model (made up for demonstration, not fitted to anything): each student's pre answer to an item
is drawn from ``PRE_SHARES`` for that item; the post answer is the pre answer plus +1 with
probability ``up``, −1 with probability ``down``, else unchanged, clipped to 1–5 (so students
already at 5 cannot move up: the ceiling effect real Likert data show). A share ``absent`` of
students misses one of the two surveys (they end up unpaired).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orville_case.survey.instrument import COLUMNS, ITEMS, SCALE

PRE_SHARES: dict[str, tuple[float, ...]] = {  # P(answer = 1..5) before the case, per item
    "q1": (0.03, 0.12, 0.25, 0.45, 0.15),
    "q2": (0.03, 0.12, 0.25, 0.42, 0.18),
    "q3": (0.00, 0.03, 0.10, 0.35, 0.52),
}


def demo_answers(n_students: int = 55, *, seed: int = 2024, up: float = 0.35,
                 down: float = 0.08, absent: float = 0.1) -> pd.DataFrame:
    """A SYNTHETIC answer table (columns ``student,phase,q1,q2,q3``) for ``n_students``."""
    rng = np.random.default_rng(seed)
    lo, hi = min(SCALE), max(SCALE)
    rows = []
    for s in range(n_students):
        code = f"demo{s + 1:03d}"
        pre = {q: int(rng.choice(list(SCALE), p=PRE_SHARES[q])) for q in ITEMS}
        change = {q: int(rng.choice([1, -1, 0], p=[up, down, 1 - up - down])) for q in ITEMS}
        post = {q: min(hi, max(lo, pre[q] + change[q])) for q in ITEMS}
        missing = rng.choice(["pre", "post"]) if rng.random() < absent else None
        rows += [{"student": code, "phase": phase, **answers}
                 for phase, answers in (("pre", pre), ("post", post)) if phase != missing]
    return pd.DataFrame(rows, columns=COLUMNS)


DEMO_FILE = "demo_answers_SYNTHETIC.csv"

if __name__ == "__main__":  # regenerate the committed demo file: python -m orville_case.survey.demo
    import sys
    from pathlib import Path

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parents[2] / "examples" / "survey"
    demo_answers().to_csv(folder / DEMO_FILE, index=False)
    print(f"wrote {folder / DEMO_FILE}")
