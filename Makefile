# `make run`: set everything up and start the app on its built-in local sandbox.
# `make test`: set everything up and run lint, type checks and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench screenshots clean

run: $(STAMP)
	$(BIN)/booxi-desktop --demo

test: lint typecheck
	scripts/with-secret-service.sh $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen scripts/run-benchmarks.sh $(BIN)/python

screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python scripts/screenshot.py screenshots

$(STAMP): pyproject.toml
	scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q booxi_desktop
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
