# The two commands: `make run` and `make test`. Each does all of its own set-up
# on a machine with Python 3.11+, git and make.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint bench install db demo clean-data help

help:
	@echo "make run    start the app with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   the linters, then the whole test suite"
	@echo "make lint   the linters alone (ruff, import-linter)"
	@echo "make bench  run the benchmarks (tests/bench)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11 or similar.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

db: install
	@$(BIN)/mlmcrm db upgrade

demo: db
	@$(BIN)/mlmcrm demo load --if-empty

run: demo
	@$(BIN)/mlmcrm check-port $(PORT)
	@echo "Starting web and worker: open http://127.0.0.1:$(PORT)  (Ctrl-C stops both)"
	PATH="$(CURDIR)/$(BIN):$$PATH" MLMCRM_ENV=development $(BIN)/honcho start -p $(PORT) -f Procfile

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The linters: ruff (style, bugs, imports) and import-linter (who may import
# whom: the layers' contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python -m pytest tests/bench -m bench -s $(PYTEST_ARGS)

clean-data:
	@echo "This deletes the embedded database in .data/ (demo data included)."
	rm -rf .data
