# Two set-up commands for a fresh clone: `make demo` runs polon on fictional data, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# What polon needs to run (all `make demo` installs), and the test, lint and native-build tools (the [dev] extra).
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test install native lint bench clean

# axe-core (pinned in tests/e2e/package-lock.json), which the browser tests load into each page they visit:
# installed from the npm registry before the tests, so nothing is downloaded while they run.
AXE_STAMP := tests/e2e/node_modules/.installed
$(AXE_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { echo "need npm (.ci/run installs nodejs and npm with apt)"; exit 1; }
	npm ci --prefix tests/e2e --no-audit --no-fund --silent
	touch $(AXE_STAMP)

# PyICU is published as source only: its C++ build (most of a fresh install, none when pip has the wheel cached)
# runs on the second core while pip installs the rest, without debug information (-g0: ~30 % less compiling,
# a 0.7 MB wheel instead of 2.9 MB).
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/python -c 'import tomllib; deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; \
	  print(*(d for d in deps if not d.lower().startswith("pyicu")), sep="\n")' > $(VENV)/requirements-but-pyicu.txt
	CXXFLAGS="$$CXXFLAGS -g0" $(BIN)/pip wheel --quiet --no-deps -c requirements.lock -w $(VENV)/wheels pyicu & \
	$(BIN)/pip install --quiet -c requirements.lock -r $(VENV)/requirements-but-pyicu.txt; \
	status=$$?; wait $$! && exit $$status
	$(BIN)/pip install --quiet -c requirements.lock --find-links $(VENV)/wheels -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(DEV_STAMP)

install: native

# Compiles polon.names / polon.matching with mypyc unless the build in src/polon/_native_build
# matches the sources (the interpreted modules are used meanwhile; see src/polon/_native.py).
native: $(DEV_STAMP)
	$(BIN)/python tools/build_native.py

# Builds no more than it must: no test tools, no native build (at the demo's 2,420 persons it would save a few
# ms a search for a minute of compiling); one from `make native` that matches the sources is used.
demo: $(STAMP)
	$(BIN)/polon demo $(if $(PORT),--port $(PORT),)

# The whole suite: the import contracts and the type check (README, Architecture; pyproject.toml), unit,
# integration, CLI, API and the browser tests (need /usr/bin/chromium and npm; .ci/run installs both), then the
# benchmarks' own tests (bench/pytest.ini).
test: native $(AXE_STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy src/polon
	$(BIN)/pytest -p no:cacheprovider
	POLON_PURE_PYTHON=1 $(BIN)/pytest -p no:cacheprovider -q tests/names tests/matching tests/native
	$(BIN)/pytest -p no:cacheprovider -q bench

bench: native
	$(BIN)/python bench/matching/run.py
	$(BIN)/python bench/extract/run.py

clean:
	rm -rf $(VENV) polon-data src/polon/_native_build tests/e2e/node_modules
