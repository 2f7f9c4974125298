# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HARNESS := $(BIN)/harness
STAMP := $(VENV)/.installed

.PHONY: help venv docker image chromium test unit lint demo bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)  ## create the virtualenv and install harness with its dev tools

docker:  ## make sure a Docker daemon answers (installs and starts one as root on Debian)
	bash sandbox/ensure-docker.sh

image: venv docker  ## build the sandbox image if it is missing or stale
	$(HARNESS) sandbox build

chromium:  ## headless Chromium for the HTML report test (Debian's package, as root)
	@command -v chromium >/dev/null 2>&1 || { \
	  [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ] || { echo "chromium is missing: install it (apt-get install chromium)"; exit 1; }; \
	  echo "installing chromium from Debian's packages"; \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }); }

lint: venv  ## ruff and mypy
	$(BIN)/ruff check harness validators tests
	$(BIN)/mypy

unit: venv  ## the tests that need no Docker
	$(BIN)/pytest -m "not docker"

test: image chromium lint  ## everything: set up Docker, the image and Chromium, lint, then the whole suite
	HARNESS_REQUIRE_DOCKER=1 $(BIN)/pytest

demo: image  ## play a whole session end to end, no input needed
	bash tests/demo.sh

bench: image  ## measure speed and memory against the baselines (writes benchmarks.json, BENCHMARKS.md)
	$(BIN)/python -m tests.bench

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
