# Linkworker — every target bootstraps its own virtual environment.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest bench clean desktop-libs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --config-settings editable_mode=compat
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $@ $(STAMP_RUN)

# Qt's X11 (xcb) platform needs these on Debian/Ubuntu; a desktop usually has them already.
QT_XCB_DEBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 \
	libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3

desktop-libs:
	@if command -v dpkg >/dev/null 2>&1 && [ "$$(uname)" = Linux ]; then \
		missing=""; for p in $(QT_XCB_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			if [ "$$(id -u)" = 0 ]; then \
				echo "Installing the libraries Qt needs for the window:$$missing"; \
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
			else \
				echo "Qt may need these libraries for the window; install them with:"; \
				echo "  sudo apt-get install$$missing"; \
			fi; \
		fi; \
	fi

run: $(STAMP_RUN) desktop-libs
	$(BIN)/linkworker

lint: $(STAMP_DEV)
	$(BIN)/ruff check linkworker tests benchmarks

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

# Two processes by default (the suite is CPU-bound; CI machines have two cores). Each test file
# runs whole in one process, so its module fixtures (servers, templates) are made once.
PYTEST_ARGS ?= -n 2 --dist loadfile

pytest: $(STAMP_DEV)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(STAMP_DEV)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
