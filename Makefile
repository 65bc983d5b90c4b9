# Industrial B2B CRM addons for Odoo 19.0: set-up, demo, tests and benchmarks.
# `make demo` and `make test` are all a newcomer needs; see README.md.

ODOO_SRC ?= /opt/odoo
VENV ?= $(HOME)/.venvs/crm-industrial-odoo19
PORT ?= 8069
DEMO_DB ?= crm_industrial_demo
TEST_DB ?= crm_industrial_test
BENCH_DB ?= crm_industrial_bench
PEER_DB ?= crm_industrial_bench_peer
RESET ?= 0
DEMO_AT_DB ?= crm_industrial_demo_at
DAY ?=

ADDONS := crm_industrial,crm_key_account,crm_performance
ADDON_DIRS := crm_industrial crm_key_account crm_performance
BUILD := .build
PYTHON := $(VENV)/bin/python
ODOO_BIN := $(PYTHON) $(ODOO_SRC)/odoo-bin
export ODOO_SRC VENV

.PHONY: help setup demo demo-at test lint test-db pytest bench-data bench bench-peer-data bench-peer i18n clean

help:
	@echo "make demo      build the demo database $(DEMO_DB) and serve it on http://localhost:$(PORT)"
	@echo "make demo RESET=1   rebuild the demo database from scratch"
	@echo "make demo-at DAY=2028-02-29   build the demo with the clock on that day, into $(DEMO_AT_DB)"
	@echo "make test      lint, install the addons in a fresh database, run every test"
	@echo "make bench-data / make bench   build the benchmark database, run the benchmarks"
	@echo "make bench-peer-data / make bench-peer   OCA's commissions beside ours, in a copy $(PEER_DB)"
	@echo "make i18n      re-export the addons' .pot files from $(TEST_DB)"

setup:
	@bash tools/setup.sh

$(BUILD):
	@mkdir -p $(BUILD)/filestore

$(BUILD)/%.conf: FORCE | $(BUILD)
	@bash tools/odoo_conf.sh $* $(PORT) "" > $@

FORCE:

# ---------------------------------------------------------------- demo ----
demo: setup $(BUILD)/$(DEMO_DB).conf
	@bash tools/port_free.sh $(PORT)
	@bash tools/demo.sh $(DEMO_DB) $(RESET)
	@echo
	@echo "==> serving Odoo at http://localhost:$(PORT)  database: $(DEMO_DB)"
	@echo "    log in as admin / admin (administrator, key-account director, commission HR)"
	@echo "    or wang.fang / demo (sales manager), li.na / demo (salesperson); see README.md"
	@echo "    stop with Ctrl+C"
	@$(ODOO_BIN) -c $(BUILD)/$(DEMO_DB).conf --log-level=warn

# The demo with the clock on another day (under faketime), into its own
# database: it must build on any day of the year. Not part of make test (a
# build takes about 5 minutes); tests/test_demo_dates.py checks the dates of
# every day of two years without a database.
demo-at: setup $(BUILD)/$(DEMO_AT_DB).conf
	@test -n "$(DAY)" || { echo "usage: make demo-at DAY=YYYY-MM-DD" >&2; exit 2; }
	@bash tools/demo_at.sh $(DEMO_AT_DB) $(DAY)

# ---------------------------------------------------------------- test ----
test: setup lint test-db pytest

lint: setup
	@echo "==> lint: ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check --quiet .
	@echo "==> lint: pylint-odoo"
	@# README.rst is generated from the readme/ fragments when publishing
	@$(VENV)/bin/pylint --rcfile=.pylintrc --disable=missing-readme $(ADDON_DIRS)

test-db: setup $(BUILD)/$(TEST_DB).conf
	@bash tools/pg_ensure.sh
	@echo "==> installing $(ADDONS) into a fresh database $(TEST_DB)"
	@dropdb --if-exists $(TEST_DB) 2>/dev/null; rm -f $(BUILD)/$(TEST_DB)-install.log
	@$(ODOO_BIN) -c $(BUILD)/$(TEST_DB).conf -i $(ADDONS) --stop-after-init \
		--logfile=$(BUILD)/$(TEST_DB)-install.log
	@if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' $(BUILD)/$(TEST_DB)-install.log; then \
		echo "error: the install log has the WARNING/ERROR lines above ($(BUILD)/$(TEST_DB)-install.log)" >&2; exit 1; \
	fi

pytest: setup $(BUILD)/$(TEST_DB).conf
	@echo "==> tests"
	@PYTHONPATH=$(ODOO_SRC) ODOO_RC=$(BUILD)/$(TEST_DB).conf $(VENV)/bin/pytest --odoo-http $(ADDON_DIRS) tests

# ---------------------------------------------------------------- bench ---
bench-data: setup $(BUILD)/$(BENCH_DB).conf
	@bash tools/pg_ensure.sh
	@PYTHONPATH=$(ODOO_SRC) $(PYTHON) -m bench.data --config $(BUILD)/$(BENCH_DB).conf --database $(BENCH_DB)

bench: setup $(BUILD)/$(BENCH_DB).conf
	@bash tools/pg_ensure.sh
	@echo "==> bench: bringing $(BENCH_DB)'s addons up to this checkout (about 30 s)"
	@$(ODOO_BIN) -c $(BUILD)/$(BENCH_DB).conf -d $(BENCH_DB) -u $(ADDONS) --stop-after-init --log-level=warn
	@PYTHONPATH=$(ODOO_SRC) $(PYTHON) -m bench.run --config $(BUILD)/$(BENCH_DB).conf --database $(BENCH_DB)

# The peer comparison (issue 20): OCA's account_commission_oca, a bench-only
# dependency (bench/requirements-peer.txt), never installed by the addons
# nor in $(BENCH_DB): in a copy of it, $(PEER_DB) (make bench-data first;
# about 15 min: OCA's install computes a field on every invoice line, its
# set-up gives the small company's 20 000 lines their agents by its ORM).
PEER_RUN := commission_period_compute_small peer_ours_flat_small peer_oca_settle_small

bench-peer-data: setup $(BUILD)/$(PEER_DB).conf
	@bash tools/pg_ensure.sh
	@$(VENV)/bin/pip install --quiet -r bench/requirements-peer.txt
	@dropdb --if-exists $(PEER_DB)
	@echo "==> copying $(BENCH_DB) into $(PEER_DB)"
	@copied=; for try in 1 2 3 4 5 6; do \
		createdb -T $(BENCH_DB) $(PEER_DB) && copied=1 && break; sleep 10; \
	done; test -n "$$copied" || { echo "error: $(BENCH_DB) stays in use" >&2; exit 1; }
	@echo "==> installing account_commission_oca into $(PEER_DB)"
	@$(ODOO_BIN) -c $(BUILD)/$(PEER_DB).conf -d $(PEER_DB) -i account_commission_oca --stop-after-init --log-level=warn
	@PYTHONPATH=$(ODOO_SRC) $(PYTHON) -m bench.data_peer_oca --config $(BUILD)/$(PEER_DB).conf --database $(PEER_DB)

bench-peer: setup $(BUILD)/$(PEER_DB).conf
	@bash tools/pg_ensure.sh
	@$(ODOO_BIN) -c $(BUILD)/$(PEER_DB).conf -d $(PEER_DB) -u $(ADDONS) --stop-after-init --log-level=warn
	@PYTHONPATH=$(ODOO_SRC) $(PYTHON) -m bench.run --config $(BUILD)/$(PEER_DB).conf --database $(PEER_DB) --only $(PEER_RUN)

# ---------------------------------------------------------------- i18n ----
i18n: setup $(BUILD)/$(TEST_DB).conf
	@$(ODOO_BIN) i18n export -c $(BUILD)/$(TEST_DB).conf -d $(TEST_DB) $(ADDON_DIRS)

clean:
	rm -rf $(BUILD)
