# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Every package pinned with its hashes (`make lock` refreshes it after pyproject.toml changes).
LOCK := requirements.lock
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --extra postgres --extra redis \
	--universal --python-version 3.11 --quiet
FLASK := $(BIN)/flask --app portal
# Some machines set PYTHONDONTWRITEBYTECODE (this one does): then every process compiles the
# portal again, and pytest rewrites the asserts of every test module and of its plugins' whole
# packages again (schemathesis has hundreds), in each xdist worker, each `flask` command and
# each gunicorn worker a test starts. Writing the caches saves about 7 s of each pytest start.
unexport PYTHONDONTWRITEBYTECODE
CATALOGS := $(wildcard translations/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test test-lowest lock lock-check setup system-deps migrate check lint format extract update compile clean bench

run: SYSTEM_DEPS_FOR = serve
run: setup check
	$(FLASK) run --host 127.0.0.1 --port 5000 --reload --extra-files "$$($(FLASK) dev-files)"

test: setup lock-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r portal -ll -q
	$(BIN)/mypy
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

$(INSTALLED): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(INSTALLED)

# Refresh the lock to the newest versions pyproject.toml allows (commit the result).
lock:
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv
	$(UV_COMPILE) --generate-hashes --upgrade -o $(LOCK)

# Fails when pyproject.toml asks for something the lock does not hold: run `make lock`.
lock-check: $(INSTALLED)
	@cp $(LOCK) $(VENV)/lock-check.txt
	@$(UV_COMPILE) --generate-hashes -o $(VENV)/lock-check.txt
	@diff -q -I '^#' $(LOCK) $(VENV)/lock-check.txt >/dev/null || \
		{ echo "$(LOCK) does not match pyproject.toml: run make lock"; \
		  diff -I '^#' $(LOCK) $(VENV)/lock-check.txt | head -20; exit 1; }

# The lowest versions pyproject.toml allows, in their own environment: the fast tests must pass,
# measured with coverage (about 96 % of portal/ in December 2026; the floor fails a drop).
COVERAGE_FLOOR := 94
LOWEST := .venv-lowest
test-lowest: setup
	test -x $(LOWEST)/bin/python || $(BIN)/uv venv --quiet --python $(BIN)/python $(LOWEST)
	$(UV_COMPILE) --resolution lowest-direct -o $(LOWEST)/requirements.txt
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python -r $(LOWEST)/requirements.txt
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --no-deps -e .
	$(BIN)/uv pip list --python $(LOWEST)/bin/python | grep -i -E '^(flask|werkzeug|flask-wtf|wtforms|sqlalchemy) '
	$(LOWEST)/bin/pytest -m "not slow" -p no:cacheprovider \
		--cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

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

# No fuzzy matching: pybabel would pre-fill a new flow's strings with guesses from other flows.
update: extract
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations -D messages --no-wrap
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/content.pot -d translations -D content --no-wrap

compile: $(COMPILED)

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile -i $< -o $@ --statistics

bench: setup
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/soak.py
	$(BIN)/python bench/sizes.py
	$(BIN)/python bench/pdf.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-artifacts
	find translations -name '*.mo' -delete
