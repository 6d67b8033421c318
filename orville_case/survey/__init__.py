"""The case's pre/post perception survey (article §5.1): instrument, reading, analysis, report.

* :mod:`.instrument` — the three items in the article's wording, the 1–5 scale, the printable page;
* :mod:`.responses` — reading ``student,phase,q1,q2,q3`` answer files (one error line per bad row);
* :mod:`.analysis` — Table 1 statistics and the paired Wilcoxon signed-rank tests of Table 2;
* :mod:`.plots`, :mod:`.report` — the Figure-1-style chart, text, HTML;
* :mod:`.published` — the article's own Table 1 and Table 2, quoted;
* :mod:`.demo` — SYNTHETIC answers for trying the tools (never the article's data).
"""
