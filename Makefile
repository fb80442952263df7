# Two set-up commands for a fresh clone: `make demo` runs polon on fictional data, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/polon demo $(if $(PORT),--port $(PORT),)

# The whole suite: unit, integration, CLI, API and the browser test (needs /usr/bin/chromium; .ci/run installs it).
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/matching/run.py
	$(BIN)/python bench/extract/run.py

clean:
	rm -rf $(VENV) polon-data
