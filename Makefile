# Convenience targets; everything is implemented in tasks.py (which needs only Python 3.11+).
PY ?= python3

.PHONY: lab test notebooks
lab:
	$(PY) tasks.py lab
test:
	$(PY) tasks.py test
notebooks:
	$(PY) tasks.py notebooks
