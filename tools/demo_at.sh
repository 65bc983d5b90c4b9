#!/usr/bin/env bash
# Build the demo into its own database with the clock on a given day, to see
# that it builds on any day of the year (the first of a month, its last day,
# 29 February, a holiday...). The Odoo processes and the generator run under
# libfaketime (Debian's faketime); PostgreSQL keeps the real clock, as it
# would for a reviewer running `faketime DAY make demo`.
# usage: demo_at.sh DATABASE DAY [TIME]   (DAY as YYYY-MM-DD, TIME default 10:00:00 UTC)
set -euo pipefail

database=${1:?usage: demo_at.sh DATABASE DAY [TIME]}
day=${2:?usage: demo_at.sh DATABASE DAY [TIME]   (DAY as YYYY-MM-DD)}
clock=${3:-10:00:00}
here=$(cd "$(dirname "$0")/.." && pwd)

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

date -d "$day" +%F >/dev/null 2>&1 || die "DAY=$day is not a date (YYYY-MM-DD)"
case "$database" in
    crm_industrial_demo) die "refusing to build the demo at another day into $database: choose DEMO_AT_DB" ;;
esac
if ! command -v faketime >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> installing faketime"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq faketime >/dev/null 2>&1 \
        || die "could not install faketime: apt-get install faketime"
fi
echo "==> building the demo into $database with the clock on $day $clock UTC"
started=$(date +%s)
faketime "$day $clock" bash "$here/tools/demo.sh" "$database" 1
echo "==> built in $(($(date +%s) - started)) s (real time)"
