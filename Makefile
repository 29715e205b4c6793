.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv/bin

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

setup: ## install system tools, the venv and the package (idempotent)
	@scripts/setup.sh

run: setup ## the main job: the service and its page on SQLite, with sample dispatches loaded (Ctrl-C stops)
	$(VENV)/vanban serve --demo --load samples/seed-002.txt --load samples/seed-004.txt

extract: setup ## read a sample dispatch on the command line (text view)
	$(VENV)/vanban extract samples/seed-004.txt --format text

test: setup audit ## dependency audit, then the whole test suite, slow tests (OCR, LibreOffice) included
	$(VENV)/python -m pytest --slow -n 2 -q

audit: setup ## known vulnerabilities in the installed dependencies (pip-audit; needs PyPI/OSV)
	$(VENV)/pip-audit --local --skip-editable --progress-spinner off $(AUDIT_FLAGS)

test-fast: setup ## the suite without slow tests
	$(VENV)/python -m pytest -n 2 -q

eval: setup ## score the pipeline on the gold corpus (dev part)
	$(VENV)/vanban evaluate --split dev

bench: setup ## speed and memory benchmarks, written to benchmarks/results/ (about 45 min in all)
	$(VENV)/python benchmarks/bench_pipeline.py
	$(VENV)/python benchmarks/bench_batch.py
	$(VENV)/python benchmarks/kill_resume.py

lint: setup ## ruff
	$(VENV)/ruff check . || true
