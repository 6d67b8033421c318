"""SYNTHETIC survey answers for trying the analysis — NOT the article's data (never published).

Model (made up for demonstration, not fitted to anything): each student's pre answer to an item
is drawn from ``PRE_SHARES`` for that item; the post answer is the pre answer plus +1 with
probability ``up``, −1 with probability ``down``, else unchanged, clipped to 1–5 (so students
already at 5 cannot move up: the ceiling effect real Likert data show). A share ``absent`` of
students misses one of the two surveys (they end up unpaired).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orville_case.survey.analysis import analyse
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
    scale = np.array(list(SCALE))
    pre = np.column_stack([rng.choice(scale, size=n_students, p=PRE_SHARES[q]) for q in ITEMS])
    change = rng.choice([1, -1, 0], size=pre.shape, p=[up, down, 1 - up - down])
    post = np.clip(pre + change, scale.min(), scale.max())
    missing = np.where(rng.random(n_students) < absent,
                       rng.choice(["pre", "post"], size=n_students), "")
    rows = [{"student": f"demo{s + 1:03d}", "phase": phase, **dict(zip(ITEMS, map(int, a),
                                                                        strict=True))}
            for s in range(n_students)
            for phase, a in (("pre", pre[s]), ("post", post[s])) if phase != missing[s]]
    return pd.DataFrame(rows, columns=COLUMNS)


def power(n_pairs: int, *, reps: int = 200, seed: int = 0, up: float = 0.35, down: float = 0.08,
          alpha: float = 0.05) -> dict[str, float]:
    """Monte Carlo power of the two-sided test under the SYNTHETIC model of :func:`demo_answers`.

    The share of ``reps`` simulated classes of ``n_pairs`` paired students (nobody absent) whose
    two-sided p is below ``alpha``, per item, and with Holm's adjustment for all items at once
    (``"all items (Holm)"``: every item significant after adjustment). A test not run counts as
    not significant.
    """
    hits = dict.fromkeys([*ITEMS, "all items (Holm)"], 0)
    for r in range(reps):
        result = analyse(demo_answers(n_pairs, seed=seed + r, up=up, down=down, absent=0.0))
        for item in result.items:
            hits[item.item] += item.test.p_value is not None and item.test.p_value < alpha
        hits["all items (Holm)"] += all(i.p_value_holm is not None and i.p_value_holm < alpha
                                        for i in result.items)
    return {k: v / reps for k, v in hits.items()}


DEMO_FILE = "demo_answers_SYNTHETIC.csv"
DEMO_PATH = Path(__file__).resolve().parents[2] / "examples" / "survey" / DEMO_FILE  # in a clone

if __name__ == "__main__":  # regenerate the committed demo file: python -m orville_case.survey.demo
    import sys

    path = Path(sys.argv[1]) / DEMO_FILE if len(sys.argv) > 1 else DEMO_PATH
    demo_answers().to_csv(path, index=False)
    print(f"wrote {path}")
