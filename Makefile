# skillsnet: `make demo` serves the demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/skillsnet
export PLAYWRIGHT_BROWSERS_PATH ?= 0

VERIFIER := tests/credentials/verifier

.PHONY: demo test test-sqlite test-postgres install system-packages messages clean npm-verifier

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Compile the translation catalogues (pure Python, no gettext tools needed).
messages: install
	$(BIN)/skillsnet compile_translations

demo: install messages
	$(BIN)/skillsnet demo

# Browser tests drive Debian's chromium; install it when missing and we are root.
system-packages:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-core gettext >/dev/null) \
			|| echo "warning: could not install chromium; browser tests will be skipped"; \
		else echo "warning: /usr/bin/chromium missing and not root; browser tests will be skipped"; fi; \
	fi
	@if ! command -v xgettext >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null) || true; fi

# The independent credential verifier (Digital Bazaar's vc library under Node) for
# tests/credentials/test_independent_verifier.py, installed from the npm registry as locked.
npm-verifier:
	@if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then \
		cd $(VERIFIER) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else echo "warning: node/npm missing; the independent credential verifier test will be skipped"; fi

test: install messages system-packages npm-verifier
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	SKILLSNET_DATA_DIR=$$(mktemp -d) DATABASE_URL= $(BIN)/python -m pytest -n 2 -q

# Runs the whole suite again on PostgreSQL when a server answers (CI: always).
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL"; \
		SKILLSNET_DATA_DIR=$$(mktemp -d) DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2 -q; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at $(PG_URL), and CI needs it"; exit 1; \
	else echo "== PostgreSQL not reachable at $(PG_URL): PostgreSQL run skipped"; fi

clean:
	rm -rf $(VENV) .pytest_cache $(VERIFIER)/node_modules
