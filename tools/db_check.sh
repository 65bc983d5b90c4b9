#!/usr/bin/env bash
# Tell what a database is: "absent", "ours" (Odoo 19 with our addons installed),
# "partial" (Odoo 19 without them); exit 1 with one line when it is another Odoo.
set -euo pipefail
database=$1
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    echo absent; exit 0
fi
version=$(psql -d "$database" -tAc "SELECT latest_version FROM ir_module_module WHERE name = 'base'" 2>/dev/null || true)
case "$version" in
    19.0.*) ;;
    "") echo "error: database $database exists but is not an Odoo database: drop it (dropdb $database) or choose another name" >&2; exit 1 ;;
    *) echo "error: database $database was made by Odoo ${version%%.*}.x, not 19.0: rebuild it with RESET=1 or choose another name" >&2; exit 1 ;;
esac
state=$(psql -d "$database" -tAc "SELECT state FROM ir_module_module WHERE name = 'crm_performance'" 2>/dev/null || true)
if [ "$state" = "installed" ]; then echo ours; else echo partial; fi
