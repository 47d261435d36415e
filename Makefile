# One command sets up and builds the site, one sets up and runs every check.
#   make build   site/ from data/ (validates first)      make serve   the same, live at http://127.0.0.1:8000
#   make test    ruff (lint + format check) and pytest   make validate   only the data checks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-16)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve validate test lint clean

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

validate: setup
	$(BIN)/python scripts/validate.py

build: validate
	$(BIN)/python -m mkdocs build --strict

serve: validate
	$(BIN)/python -m mkdocs serve --strict

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .ruff_cache
