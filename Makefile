# `make run`: set everything up and start the app on its built-in local sandbox.
# `make test`: set everything up, build the wheel and the bundle, and run lint, type checks and
# the whole test suite (the installed wheel and the bundle included). `make check` skips the builds.
# `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Extra pytest arguments, e.g. `make check ARGS="-k drafts -x"`.
ARGS ?=

# What the entry of `make install-desktop` starts (it goes to ${XDG_DATA_HOME:-~/.local/share}).
EXEC ?= $(abspath $(BIN)/booxi-desktop)
APP_ID := com.booxi.desktop.BooxiDesktop
BUNDLE := dist/booxi-desktop
WHEEL_VENV := build/wheel-venv

.PHONY: help run test check lint fix typecheck bench screenshots system-deps clean \
	validate-desktop wheel wheel-venv bundle dist install-desktop uninstall-desktop

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: system-deps $(STAMP) ## start the app on its built-in local sandbox
	$(BIN)/booxi-desktop --demo

test: dist ## what CI runs: build the wheel and the bundle, then `make check` on them too
	BOOXI_BUNDLE=$(abspath $(BUNDLE)) BOOXI_WHEEL_BIN=$(abspath $(WHEEL_VENV)/bin) $(MAKE) check

check: system-deps lint typecheck validate-desktop ## lint, type checks, desktop files, every test (no builds)
	scripts/with-secret-service.sh $(BIN)/pytest -q $(ARGS)

validate-desktop: system-deps ## desktop-file-validate and appstreamcli validate the desktop files
	desktop-file-validate resources/$(APP_ID).desktop
	appstreamcli validate --no-net resources/$(APP_ID).metainfo.xml

wheel: $(STAMP) ## build the wheel into dist/
	rm -f dist/booxi_desktop-*.whl
	$(BIN)/python -m pip wheel -q --no-deps -w dist .

wheel-venv: wheel ## install the wheel into a fresh virtualenv, build/wheel-venv
	rm -rf $(WHEEL_VENV)
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install -q dist/booxi_desktop-*.whl

$(VENV)/.bundler: $(STAMP)
	$(BIN)/python -m pip install -q 'pyinstaller>=6.10'
	touch $@

bundle: system-deps $(VENV)/.bundler ## the one-folder app (both commands) in dist/booxi-desktop
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/booxi-desktop.spec
	@du -sh $(BUNDLE)

dist: wheel-venv bundle ## the wheel (installed in build/wheel-venv) and the bundle

install-desktop: ## the menu entry and icon for this user (EXEC=path picks the command)
	scripts/desktop-entry.sh install "$(EXEC)"

uninstall-desktop: ## remove what install-desktop installed
	scripts/desktop-entry.sh uninstall

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

system-deps: ## Debian packages for Qt, Xvfb, a Secret Service and the bundle (only what is missing)
	scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q booxi_desktop
	touch $(STAMP)

clean: ## remove the virtualenv, build output and caches
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
