# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
FLASK := $(BIN)/flask --app portal
CATALOGS := $(wildcard translations/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test setup system-deps migrate check lint format extract update compile clean bench

run: SYSTEM_DEPS_FOR = serve
run: setup check
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r portal -ll -q
	$(FLASK) content check
	$(FLASK) translations status
	$(BIN)/pytest
	@if [ -n "$$PORTAL_TEST_POSTGRES_URL" ]; then \
		echo "Again on PostgreSQL ($$PORTAL_TEST_POSTGRES_URL): every test marked db"; \
		PORTAL_TEST_DATABASE=postgres $(BIN)/pytest -m db; \
	else \
		echo "Note: PORTAL_TEST_POSTGRES_URL is not set, so the database tests ran on SQLite only."; \
		echo "CI sets it: PORTAL_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test make test"; \
	fi

setup: system-deps $(INSTALLED) compile migrate

# `make run` needs only what serving needs (the PDF packages); `make test` adds Chromium.
SYSTEM_DEPS_FOR ?= test
system-deps:
	@bin/system-deps $(SYSTEM_DEPS_FOR)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

migrate: $(INSTALLED) compile
	$(FLASK) db upgrade

check: $(INSTALLED) compile
	$(FLASK) content check

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r portal -ll -q

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Translations: extract source strings, merge them into every catalog, compile.
extract: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --add-comments=TRANSLATORS: --no-wrap \
		--sort-by-file --project=camino-portal -o translations/messages.pot .
	$(FLASK) content extract --output translations/content.pot

update: extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-wrap
	$(BIN)/pybabel update -i translations/content.pot -d translations -D content --no-wrap

compile: $(COMPILED)

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile -i $< -o $@ --statistics

bench: setup
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/sizes.py
	$(BIN)/python bench/pdf.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-artifacts
	find translations -name '*.mo' -delete
