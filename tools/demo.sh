#!/usr/bin/env bash
# Build the demo database, or leave it alone when it is up to date.
# usage: demo.sh DATABASE RESET   (RESET=1 rebuilds from scratch)
#
# - absent, partial (our addons missing), or RESET=1: drop it and build it:
#   base, then the company as a Chinese manufacturer (so account installs the
#   Chinese chart l10n_cn), then our addons with zh_CN, then the generated data;
# - ours, same sources as the last build: nothing to do;
# - ours, the addons changed: update them (-u); the generator changed: rebuild.
# The stamp of the last build is the ir.config_parameter crm_industrial_demo.stamp.
# Every failure is one line; the details are in .build/DATABASE-demo.log.
set -euo pipefail

database=${1:?usage: demo.sh DATABASE RESET}
reset=${2:-0}
here=$(cd "$(dirname "$0")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${VENV:-$HOME/.venvs/crm-industrial-odoo19}
conf="$here/.build/$database.conf"
log="$here/.build/$database-demo.log"
addons=crm_industrial,crm_key_account,crm_performance
addon_dirs=(crm_industrial crm_key_account crm_performance)
stamp_key=crm_industrial_demo.stamp

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

[ -f "$conf" ] || die "no Odoo configuration $conf: run make demo"
case "$database" in
    crm_industrial_test | crm_industrial_bench) die "refusing to build the demo into $database: it belongs to make test/bench" ;;
esac

# hash of every source file of a set of paths (names and contents)
tree_hash() {
    (cd "$here" && find "$@" -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 \
        | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
addons_stamp=$(tree_hash "${addon_dirs[@]}")
generator_stamp=$(tree_hash tools/demo tools/demo.sh)

# odoo [shell] OPTIONS: odoo-bin on the demo database, logging into $log
odoo() {
    local command=()
    if [ "${1:-}" = shell ]; then command=(shell); shift; fi
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${command[@]}" -c "$conf" -d "$database" --logfile="$log" "$@"
}

# first ERROR/CRITICAL (or failing) line of the log, to quote in a one-line failure
last_error() {
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |Error:|Exception' "$log" 2>/dev/null \
        | tail -n 1 | cut -c1-200 || true
}
fail() { die "$1 failed (see $log): $(last_error)"; }

run_shell() { # run steps of tools/demo in one odoo-bin shell, printing their summaries
    local steps=("$@") last=${*: -1} names
    names=$(printf "'%s', " "${steps[@]}")
    printf 'import sys\nsys.path.insert(0, %s)\nfrom tools.demo import run\nrun(env, %s)\n' \
        "'$here'" "$names" \
        | DEMO_STAMP="$addons_stamp:$generator_stamp" PYTHONUNBUFFERED=1 \
            odoo shell --no-http --log-level=warn 2>> "$log" | tee "$log.out" | grep --line-buffered -v "^demo: " \
        || true
    grep -q "^demo: $last done" "$log.out" \
        || fail "$(grep -o '^demo: [a-z_]* started' "$log.out" | tail -n 1 | cut -d' ' -f2) (tools/demo)"
}

check_log() {
    local count
    count=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" || true)
    [ "$count" = 0 ] || say "note: the build log has $count WARNING/ERROR lines: $log"
}

state=$(bash "$here/tools/db_check.sh" "$database") || exit 1

if [ "$state" = ours ] && [ "$reset" != 1 ]; then
    stamp=$(psql -d "$database" -tAc "SELECT value FROM ir_config_parameter WHERE key = '$stamp_key'" 2>/dev/null || true)
    if [ "$stamp" = "$addons_stamp:$generator_stamp" ]; then
        say "demo database $database is up to date"
        exit 0
    fi
    if [ "${stamp#*:}" = "$generator_stamp" ]; then
        say "the addons changed since the demo was built: updating them in $database"
        : > "$log"
        odoo -u "$addons" --stop-after-init 2>> "$log" || fail "updating $addons"
        psql -q -d "$database" -c "UPDATE ir_config_parameter SET value = '$addons_stamp:$generator_stamp' WHERE key = '$stamp_key'" \
            || die "could not record the build stamp in $database"
        check_log
        exit 0
    fi
    say "the demo generator changed (or the last build did not finish): rebuilding $database"
fi

started=$(date +%s)
: > "$log"
if [ "$state" != absent ]; then
    say "dropping the database $database"
    dropdb --if-exists "$database" 2>> "$log" || die "could not drop $database (is an Odoo still connected to it?)"
fi
rm -rf "$here/.build/filestore/filestore/$database"

say "creating $database (base), then the company: 华东精密工业有限公司, Suzhou, CNY"
odoo -i base --stop-after-init 2>> "$log" || fail "installing base"
run_shell company

say "installing $addons with Chinese (zh_CN) and the Chinese chart of accounts (~1 min)"
odoo -i "$addons" --load-language=zh_CN --stop-after-init 2>> "$log" || fail "installing $addons"
chart=$(psql -d "$database" -tAc "SELECT chart_template FROM res_company WHERE id = 1")
[ "$chart" = cn ] || die "the company got the chart of accounts '$chart', not the Chinese one (cn): see $log"

run_shell data voice churn key_accounts performance check
check_log
say "demo database $database built in $(($(date +%s) - started)) s"
