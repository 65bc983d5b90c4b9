#!/usr/bin/env bash
# Write the Odoo configuration of one database to stdout.
# usage: odoo_conf.sh DATABASE PORT LOGFILE
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cat <<CONF
[options]
db_name = $1
dbfilter = ^$1\$
list_db = False
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$here
http_interface = 127.0.0.1
http_port = $2
logfile = ${3:-}
data_dir = $here/.build/filestore
max_cron_threads = 1
CONF
