# make run   - set up .venv (if missing) and open the terminal UI on the bundled example assessment
# make test  - set up .venv (if missing), then ruff, mypy (strict, on selector/ and selector_tui/) and pytest
# make fuzz  - the property tests with fresh random inputs and many more examples
# make demo  - the scripted path, non-interactively: validate, rank, explain, JSON/CSV output
# make coverage - regenerate the coverage table in vendor_profiles/README.md from the profiles
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SELECTOR := $(VENV)/bin/selector
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test fuzz demo lint typecheck pytest bench schema coverage clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "selector needs Python 3.11 or newer (found " + sys.version.split()[0] + "); run: make PYTHON=python3.11 ...")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(SELECTOR) tui --assessment examples/small-wealth-manager-assistant.yaml

test: lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check selector selector_tui tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy selector selector_tui

# Spread the tests over the cores (pytest-xdist), one worker more than there are cores: the
# terminal-UI tests wait on the app's own loop (its timers and worker threads) for part of their
# time, and the extra worker fills those waits (2 cores: 198 s with 2 workers, 167 s with 3).
# PYTEST_WORKERS=1 runs them in one process.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
pytest: $(STAMP)
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# The property tests with fresh random inputs and twenty times the examples (not run in CI).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest -n $(PYTEST_WORKERS) tests/engine/test_profile_fuzz.py \
	  tests/engine/test_ranking_properties.py tests/engine/test_methods_pymcdm.py tests/engine/test_ahp.py

demo: $(STAMP)
	$(SELECTOR) validate vendor_profiles criteria examples
	$(SELECTOR) rank --method wsm
	$(SELECTOR) rank --method topsis --weights data_localisation=3,security=2
	$(SELECTOR) explain llama-3-3-70b-self-hosted
	$(SELECTOR) rank --format csv
	$(SELECTOR) rank --criteria tests/data/cases/topsis_tzeng_huang_2011/criteria.yaml \
	  --profiles tests/data/cases/topsis_tzeng_huang_2011/profiles --method topsis
	$(SELECTOR) weights --assessment examples/insurer-claims-triage.yaml
	$(SELECTOR) rank --assessment examples/insurer-claims-triage.yaml
	$(SELECTOR) explain gemini-vertex-ai --assessment examples/insurer-claims-triage.yaml

bench: $(STAMP)
	$(PY) benchmarks/cold_start.py
	$(PY) benchmarks/validate.py
	$(PY) benchmarks/validate_many_problems.py
	$(PY) benchmarks/robustness.py
	$(PY) benchmarks/tui_rerank.py
	$(PY) benchmarks/tui_idle.py
	$(PY) benchmarks/tui_detail.py
	$(PY) benchmarks/report_render.py
	$(PY) benchmarks/cost_sensitivity.py
	$(PY) benchmarks/yaml_limits.py

schema: $(STAMP)
	$(SELECTOR) schema profile > schema/profile.schema.json
	$(SELECTOR) schema criteria > schema/criteria.schema.json
	$(SELECTOR) schema assessment > schema/assessment.schema.json
	$(SELECTOR) schema checklist > schema/checklist.schema.json
	$(SELECTOR) schema presets > schema/presets.schema.json
	$(SELECTOR) schema costs > schema/costs.schema.json

# Regenerate the coverage table in vendor_profiles/README.md after the profiles change.
coverage: $(STAMP)
	$(SELECTOR) coverage --write vendor_profiles/README.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
