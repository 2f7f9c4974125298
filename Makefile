# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HARNESS := $(BIN)/harness
STAMP := $(VENV)/.installed

.PHONY: help venv docker image chromium services cluster cluster-stop test unit lint demo bench clean

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

services:  ## RabbitMQ and PostgreSQL from Debian where missing (the cluster tests start private instances)
	bash sandbox/ensure-services.sh install

CLUSTER_DIR ?= /tmp/harness-cluster
CLUSTER_AMQP_PORT ?= 35672
CLUSTER_PG_PORT ?= 35432

cluster: image services  ## a broker, a database and two workers on this machine, to try --engine celery
	bash sandbox/ensure-services.sh start $(CLUSTER_DIR) $(CLUSTER_AMQP_PORT) $(CLUSTER_PG_PORT)
	@. $(CLUSTER_DIR)/env; for n in 1 2; do \
	  nohup $(HARNESS) worker --name worker-$$n >$(CLUSTER_DIR)/worker-$$n.log 2>&1 & echo $$! >$(CLUSTER_DIR)/worker-$$n.pid; \
	done
	@echo "two workers started (logs in $(CLUSTER_DIR)); now:"
	@echo "  . $(CLUSTER_DIR)/env && $(HARNESS) grade kv-store problems/kv-store/solution --engine celery"
	@echo "stop everything with: make cluster-stop"

cluster-stop:  ## stop the workers, broker and database that `make cluster` started
	-@for n in 1 2; do [ -f $(CLUSTER_DIR)/worker-$$n.pid ] && kill $$(cat $(CLUSTER_DIR)/worker-$$n.pid); rm -f $(CLUSTER_DIR)/worker-$$n.pid; done; true
	bash sandbox/ensure-services.sh stop $(CLUSTER_DIR)

lint: venv  ## ruff and mypy
	$(BIN)/ruff check harness validators tests
	$(BIN)/mypy

unit: venv  ## the tests that need no Docker
	$(BIN)/pytest -m "not docker and not cluster"

test: image chromium services lint  ## everything: Docker, the image, Chromium, RabbitMQ and PostgreSQL, lint, then the whole suite
	HARNESS_REQUIRE_DOCKER=1 $(BIN)/pytest

demo: image  ## play a whole session end to end, no input needed
	bash tests/demo.sh

bench: image services  ## measure speed and memory against the baselines (writes benchmarks.json, BENCHMARKS.md, benchmarks-cluster.json)
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench.cluster

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
