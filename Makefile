.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv/bin

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

setup: ## install system tools, the venv and the package (idempotent)
	@scripts/setup.sh

run: setup ## the main job: extract a sample dispatch (text view)
	$(VENV)/vanban extract samples/seed-004.txt --format text

test: setup ## the whole test suite, slow tests (OCR, LibreOffice) included
	$(VENV)/python -m pytest --slow -n 2 -q

test-fast: setup ## the suite without slow tests
	$(VENV)/python -m pytest -n 2 -q

eval: setup ## score the pipeline on the gold corpus (dev part)
	$(VENV)/vanban evaluate --split dev

bench: setup ## speed and memory benchmarks, written to benchmarks/results/
	$(VENV)/python benchmarks/bench_pipeline.py

lint: setup ## ruff
	$(VENV)/ruff check . || true
