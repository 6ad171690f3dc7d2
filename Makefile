# Two commands do all the set-up on a fresh machine:
#   make serve   builds the playbook and serves it at http://127.0.0.1:8000 with live reload
#   make test    installs what the tests need (Debian's chromium included) and runs them all
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build check render test system-packages clean

serve: $(VENV)/.site
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(VENV)/.site
	$(BIN)/mkdocs build --strict

check: $(VENV)/.site
	$(BIN)/python -m playbook check

render: $(VENV)/.site
	$(BIN)/python -m playbook render --out build/markdown

test: $(VENV)/.test system-packages
	$(BIN)/python -m pytest

# Browser tests drive Debian's chromium (test tools cannot download a browser here).
system-packages:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

$(VENV)/.site: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.site
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site build .pytest_cache .hypothesis
