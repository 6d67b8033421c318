# Convenience targets; everything is implemented in tasks.py (which needs only Python 3.11+).
PY ?= python3

.PHONY: lab test notebooks bench browser-test fresh-install
lab:
	$(PY) tasks.py lab
test:
	$(PY) tasks.py test
notebooks:
	$(PY) tasks.py notebooks
bench:
	$(PY) tasks.py bench
browser-test:
	$(PY) tasks.py browser-test
fresh-install:
	$(PY) tasks.py fresh-install
