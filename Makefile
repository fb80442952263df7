# Two set-up commands for a fresh clone: `make demo` runs polon on fictional data, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install native lint bench clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: native

# Compiles polon.names / polon.matching with mypyc unless the build in src/polon/_native_build
# matches the sources (the interpreted modules are used meanwhile; see src/polon/_native.py).
native: $(STAMP)
	$(BIN)/python tools/build_native.py

demo: native
	$(BIN)/polon demo $(if $(PORT),--port $(PORT),)

# The whole suite: unit, integration, CLI, API and the browser test (needs /usr/bin/chromium; .ci/run installs it).
test: native
	$(BIN)/ruff check src tests bench tools
	$(BIN)/pytest -p no:cacheprovider
	POLON_PURE_PYTHON=1 $(BIN)/pytest -p no:cacheprovider -q tests/names tests/matching tests/native

bench: native
	$(BIN)/python bench/matching/run.py
	$(BIN)/python bench/extract/run.py

clean:
	rm -rf $(VENV) polon-data src/polon/_native_build
