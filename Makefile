# `make run`: set everything up and start the app on its built-in local sandbox.
# `make test`: set everything up and run lint, type checks and the whole test suite.
# `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Extra pytest arguments, e.g. `make test ARGS="-k drafts -x"`.
ARGS ?=

.PHONY: help run test lint fix typecheck bench screenshots system-deps clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: system-deps $(STAMP) ## start the app on its built-in local sandbox
	$(BIN)/booxi-desktop --demo

test: system-deps lint typecheck ## lint, type checks and every test (Secret Service included)
	scripts/with-secret-service.sh $(BIN)/pytest -q $(ARGS)

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fix: $(STAMP) ## apply ruff's fixes and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP) ## mypy --strict over the whole package
	$(BIN)/mypy

bench: $(STAMP) ## run every benchmark against its baseline
	QT_QPA_PLATFORM=offscreen scripts/run-benchmarks.sh $(BIN)/python

screenshots: system-deps $(STAMP) ## take screenshots of the window under Xvfb
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python scripts/screenshot.py screenshots

system-deps: ## Debian libraries for Qt, Xvfb and a Secret Service (only what is missing)
	scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q booxi_desktop
	touch $(STAMP)

clean: ## remove the virtualenv, build output and caches
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
