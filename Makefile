# Dayuan: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint audit test-cluster browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed
	$(BIN)/dayuan init --demo

run: setup
	$(BIN)/dayuan serve --host $(HOST) --port $(PORT)

# Browser tests need Debian's Chromium and CJK fonts; install them when we can.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && command -v xmllint >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium, fonts-noto-cjk and libxml2-utils (xmllint) for the browser and sitemap tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk libxml2-utils >/dev/null; \
	else echo "chromium or fonts-noto-cjk missing and not root: browser tests will be skipped"; fi

test: $(VENV)/.installed browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lint and formatting, as configured in pyproject.toml ([tool.ruff]).
LINT_PATHS := src tests bench scripts
lint: $(VENV)/.installed
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

# Lighthouse 12.2.3 and axe-core on the reader pages of a fresh demo site (scripts/audit/run.py).
# The tools are pinned in scripts/audit/package-lock.json and installed there by npm; Node and npm
# come from Debian when missing (root only).
AUDIT := scripts/audit
$(AUDIT)/node_modules/.installed: $(AUDIT)/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing nodejs and npm for the audit"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
		else echo "npm is missing (install nodejs and npm)"; exit 1; fi; fi
	cd $(AUDIT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit: $(VENV)/.installed browser-deps $(AUDIT)/node_modules/.installed
	$(BIN)/python $(AUDIT)/run.py

clean:
	rm -rf $(VENV) var test-artifacts $(AUDIT)/node_modules

# Several hosts on this machine (network namespaces): PostgreSQL, Redis, nginx and three
# app servers, checked over HTTP (tests/cluster/run.py). Root only; installs what it needs.
test-cluster: $(VENV)/.installed
	@if [ "$$(id -u)" != "0" ]; then echo "make test-cluster needs root (ip netns)"; exit 1; fi
	@if ! command -v nginx >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1 \
		|| ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then \
		echo "Installing nginx, redis-server, postgresql and iproute2 for the cluster test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light redis-server \
			postgresql iproute2 >/dev/null; fi
	timeout 900 $(BIN)/python -m tests.cluster.run
