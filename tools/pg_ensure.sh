#!/usr/bin/env bash
# Make sure a PostgreSQL server answers; start the local cluster when it does not.
set -euo pipefail
PGHOST=${PGHOST:-}
ready() { pg_isready -q ${PGHOST:+-h "$PGHOST"} 2>/dev/null; }
command -v pg_isready >/dev/null || { echo "error: PostgreSQL client tools are missing: apt-get install postgresql" >&2; exit 1; }
ready && exit 0
if [ -z "$PGHOST" ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
        for cluster in $(ls "/etc/postgresql/$version"); do
            echo "==> starting PostgreSQL $version/$cluster"
            pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >/dev/null 2>&1 || true
        done
    done
    for _ in $(seq 20); do ready && exit 0; sleep 0.5; done
fi
echo "error: PostgreSQL is not reachable${PGHOST:+ at $PGHOST}: start it (pg_ctlcluster 15 main start) or set PGHOST/PGUSER" >&2
exit 1
