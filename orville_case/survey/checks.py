"""Self-check of the instructor survey notebook: one item recomputed by hand equals the tool's."""

from __future__ import annotations

from orville_case.core.selfcheck import number, selfcheck
from orville_case.core.tolerances import close
from orville_case.survey.analysis import SurveyResult


@selfcheck
def check_item_by_hand(result: SurveyResult, item: str, n_pairs: int, p_two_sided: float,
                       p_greater: float) -> bool:
    """Your pairs and p-values for ``item`` against :func:`.analysis.analyse`'s."""
    test = next(i.test for i in result.items if i.item == item)
    if n_pairs == test.n_nonzero != test.n_pairs:
        print(f"HINT: {n_pairs} pairs is the number of NONZERO differences: keep the zeros and "
              "let scipy.stats.wilcoxon drop them (zero_method='wilcox'); the number of pairs "
              "also decides its method.")
        return False
    if n_pairs != test.n_pairs:
        print(f"HINT: {n_pairs} pairs, but only students with BOTH a pre and a post sheet form a "
              "pair (match them by their code).")
        return False
    two, greater = number(p_two_sided), number(p_greater)
    if test.p_value is None:
        print(f"✓ {n_pairs} pairs and every difference is zero: there is nothing to test.")
        return True
    if two is None or greater is None or not close(two, test.p_value):
        print("HINT: call scipy.stats.wilcoxon on d = post − pre with its defaults; do not drop the"
              " zero differences yourself (SciPy does, and the number of pairs picks its method).")
        return False
    if not close(greater, test.p_value_greater):
        print("HINT: the one-sided p depends on the direction: d = post − pre with "
              "alternative='greater' tests 'answers went up'.")
        return False
    print(f"✓ {n_pairs} pairs; p = {two:.4g} (two-sided), {greater:.4g} (post > pre): the same "
          "as the tool's.")
    return True

