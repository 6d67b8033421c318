"""Table 1 (counts, medians, modes, means) and Table 2 (paired Wilcoxon signed-rank tests).

For item m and each student n who answered both surveys with the same code, the paired
difference is d_{m,n} = post_{m,n} − pre_{m,n}. The tests are ``scipy.stats.wilcoxon`` with its
defaults, as the article's Table 2 reports two-sided and one-sided p-values:

* two-sided: ``wilcoxon(post, pre)`` — H0: the differences are symmetric about 0; the statistic
  is SciPy's two-sided one, min(T+, T−), where T+ (T−) is the sum of the ranks of |d| over the
  positive (negative) differences;
* one-sided: ``wilcoxon(post, pre, alternative="greater")`` — H1: post answers tend to be higher.

Zeros and ties, as SciPy's defaults handle them: ``zero_method="wilcox"`` drops zero differences
(students whose answer did not change) before ranking, so the test rests on the n≠0 nonzero
differences only; tied |d| get average ranks. ``method="auto"`` then uses the exact null
distribution when n ≤ 50 with neither zeros nor ties, an exact permutation test over all 2^n sign
flips when there are zeros or ties and n ≤ 13, and otherwise the normal approximation with
tie-corrected variance and continuity correction (n = pairs, zeros included). With Likert answers
ties are the rule, so a class of 20–60 gets the normal approximation.

Effect size: the matched-pairs rank-biserial correlation (Kerby 2014)
r = (T+ − T−) / (T+ + T−) over the nonzero differences, in [−1, 1]: the share of the rank sum
favouring post minus the share favouring pre (1 = every change was an increase).

When no difference is nonzero there is nothing to test: statistic and p-values are ``None`` with a
note (SciPy itself would return p = 1 or NaN depending on n).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from orville_case.survey.instrument import ITEMS, SCALE

ZERO_METHOD = "wilcox"  # scipy.stats.wilcoxon's default
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class SignedRank:
    """The paired test on one item's differences d = post − pre."""

    n_pairs: int
    n_nonzero: int
    n_up: int
    n_down: int
    statistic: float | None
    p_value: float | None
    p_value_greater: float | None
    effect_size: float | None
    method: str
    note: str = ""


@dataclass(frozen=True)
class ItemResult:
    """Table 1 and Table 2 for one survey item (``counts_*``: answers per scale point)."""

    item: str
    text: str
    n_pre: int
    n_post: int
    median_pre: float | None
    median_post: float | None
    mode_pre: int | None
    mode_post: int | None
    modes_pre: list[int]
    modes_post: list[int]
    mean_pre: float | None
    mean_post: float | None
    counts_pre: dict[int, int]
    counts_post: dict[int, int]
    test: SignedRank
    p_value_holm: float | None = None

    def as_dict(self) -> dict:
        """Flat JSON-ready record (the ``survey --json`` contract's keys plus extras)."""
        record = asdict(self)
        record.update(record.pop("test"))
        record["counts_pre"] = {str(k): v for k, v in self.counts_pre.items()}
        record["counts_post"] = {str(k): v for k, v in self.counts_post.items()}
        return record


@dataclass(frozen=True)
class SurveyResult:
    """The whole analysis: one :class:`ItemResult` per item and who could not be paired."""

    file: str
    items: list[ItemResult]
    pre_only: list[str] = field(default_factory=list)
    post_only: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"file": self.file, "items": [i.as_dict() for i in self.items],
                "pre_only": self.pre_only, "post_only": self.post_only,
                "zero_method": ZERO_METHOD, "effect_size": "matched-pairs rank-biserial "
                "correlation (T+ - T-) / (T+ + T-) over nonzero differences"}


def modes(values: np.ndarray) -> list[int]:
    """Every most frequent answer, ascending (empty for no answers)."""
    if len(values) == 0:
        return []
    counts = pd.Series(values).value_counts()
    return sorted(int(v) for v in counts.index[counts == counts.max()])


def rank_biserial(diffs: np.ndarray) -> float | None:
    """(T+ − T−) / (T+ + T−) with average ranks of |d| over the nonzero d (``None`` if none)."""
    d = diffs[diffs != 0]
    if len(d) == 0:
        return None
    ranks = stats.rankdata(np.abs(d))
    return float((ranks[d > 0].sum() - ranks[d < 0].sum()) / ranks.sum())


def auto_method(diffs: np.ndarray) -> str:
    """Which null distribution ``wilcoxon(..., method="auto")`` uses (SciPy's rule as of 1.17)."""
    n = len(diffs)
    nonzero = np.abs(diffs[diffs != 0])
    ties_or_zeros = len(nonzero) < n or len(np.unique(nonzero)) < len(nonzero)
    if n <= 50 and not ties_or_zeros:
        return "exact"
    if n <= 13:
        return f"exact permutation (all 2^{n} sign flips)"
    return "normal approximation (tie-corrected, continuity-corrected)"


def smallest_p(n_nonzero: int) -> float:
    """The smallest two-sided p any outcome can reach with ``n_nonzero`` untied differences:
    2 / 2^n (all changes in one direction). Ties can only make it larger."""
    return min(1.0, 2.0 / 2.0 ** n_nonzero)


def signed_rank(pre: np.ndarray, post: np.ndarray) -> SignedRank:
    """The Wilcoxon signed-rank tests of ``post − pre`` as SciPy computes them by default."""
    diffs = np.asarray(post, dtype=float) - np.asarray(pre, dtype=float)
    n, nz = len(diffs), int(np.count_nonzero(diffs))
    up, down = int((diffs > 0).sum()), int((diffs < 0).sum())
    if n == 0:
        return SignedRank(0, 0, 0, 0, None, None, None, None, "none",
                          "no pairs: nobody answered both surveys with the same code")
    if nz == 0:
        return SignedRank(n, 0, 0, 0, None, None, None, None, "none",
                          f"all {n} paired differences are zero: no change, nothing to test")
    two = stats.wilcoxon(post, pre)
    greater = stats.wilcoxon(post, pre, alternative="greater")
    note = ""
    if smallest_p(nz) > SIGNIFICANCE:
        note = (f"only {nz} nonzero differences: no outcome can reach a two-sided p below "
                f"{SIGNIFICANCE} (smallest possible {smallest_p(nz):.3g})")
    return SignedRank(n, nz, up, down, float(two.statistic), float(two.pvalue),
                      float(greater.pvalue), rank_biserial(diffs), auto_method(diffs), note)


def holm(pvalues: list[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values for the tests that were run (``None`` stays ``None``):
    with m tests sorted p_(1) ≤ … ≤ p_(m), adj_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j))."""
    run = sorted((p, k) for k, p in enumerate(pvalues) if p is not None)
    adjusted: list[float | None] = [None] * len(pvalues)
    running = 0.0
    for j, (p, k) in enumerate(run):
        running = max(running, min(1.0, (len(run) - j) * p))
        adjusted[k] = running
    return adjusted


def _summary(values: np.ndarray) -> tuple[float | None, int | None, list[int], float | None]:
    """Median, mode (the smallest if several), all modes and mean of one phase's answers."""
    if len(values) == 0:
        return None, None, [], None
    ms = modes(values)
    return float(np.median(values)), ms[0], ms, float(np.mean(values))


def analyse(answers: pd.DataFrame, file: str = "") -> SurveyResult:
    """Tables 1 and 2 for validated ``answers`` (see :func:`.responses.validate`).

    Table 1 uses every sheet of a phase (as the article: 57 pre, 58 post); the tests use only
    the students who answered both (the article: 51 pairs).
    """
    pre = answers[answers["phase"] == "pre"].set_index("student")
    post = answers[answers["phase"] == "post"].set_index("student")
    paired = pre.index.intersection(post.index).sort_values()
    items = []
    for q, text in ITEMS.items():
        a, b = pre[q].to_numpy(), post[q].to_numpy()
        med_a, mode_a, modes_a, mean_a = _summary(a)
        med_b, mode_b, modes_b, mean_b = _summary(b)
        items.append(ItemResult(
            q, text, len(a), len(b), med_a, med_b, mode_a, mode_b, modes_a, modes_b, mean_a,
            mean_b, {v: int((a == v).sum()) for v in SCALE},
            {v: int((b == v).sum()) for v in SCALE},
            signed_rank(pre.loc[paired, q].to_numpy(), post.loc[paired, q].to_numpy())))
    adjusted = holm([i.test.p_value for i in items])
    items = [replace(i, p_value_holm=p) for i, p in zip(items, adjusted, strict=True)]
    return SurveyResult(file, items, sorted(pre.index.difference(post.index)),
                        sorted(post.index.difference(pre.index)))
