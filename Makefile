# Two commands do all the set-up on a fresh machine:
#   make serve   builds the playbook and serves it at http://127.0.0.1:8000 with live reload
#   make test    installs what the tests need (Debian's chromium included) and runs them all
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build build-properdocs check render pdf bench test system-packages clean js-fixture

serve: $(VENV)/.site
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty --no-strict

build: $(VENV)/.site
	$(BIN)/mkdocs build --strict

# The same site built by ProperDocs, the maintained fork of MkDocs 1.x (tests compare the two)
build-properdocs: $(VENV)/.site
	$(BIN)/properdocs build --strict -f mkdocs.yml --site-dir build/properdocs-site

# FORMAT=github prints one ::error annotation per problem (what the pull-request workflow uses)
FORMAT ?= text
check: $(VENV)/.site
	$(BIN)/python -m playbook check --format $(FORMAT)

render: $(VENV)/.site
	$(BIN)/python -m playbook render --out build/markdown

# Every worksheet as PDF in A4 and US Letter, and the facilitator pack, into build/pdf/;
# then site/ is rebuilt so that the worksheet pages link them.
pdf: $(VENV)/.test system-packages
	$(BIN)/mkdocs build --strict --site-dir build/pdf-site
	$(BIN)/python scripts/pdf_export.py --site build/pdf-site --out build/pdf
	$(BIN)/mkdocs build --strict

# Build-time figures for the README (not a test).
bench: $(VENV)/.site
	$(BIN)/python scripts/benchmark.py

# the browser code's pure functions with Node's own test runner, then everything else
test: $(VENV)/.test system-packages node_modules/.installed
	node --test tests/js/
	$(BIN)/python -m pytest

# Browser tests and PDFs use Debian's chromium (test tools cannot download a browser here),
# the print tests poppler-utils, the checkers from npm Node.js and Java: the script installs
# the packages of only the tools that are missing, and never replaces a Node.js or Java.
system-packages:
	@bash scripts/system-packages.sh

# axe-core (accessibility checks the browser tests inject), pinned by package-lock.json
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(VENV)/.site: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.site
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site build node_modules .pytest_cache .hypothesis

# the data the Node tests of the workspace read (tests/test_workspace.py checks it is current)
js-fixture: $(VENV)/.site
	$(BIN)/python -c "import json, sys; sys.path.insert(0, 'hooks'); from playbook.load import load_playbook; from playbook.render.tools_data import tool_data; print(json.dumps(tool_data(load_playbook('playbook_data'), 'my-company/index.md'), indent=1, sort_keys=True))" > tests/js/fixtures/tool-data.json
