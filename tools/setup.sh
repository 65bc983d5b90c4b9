#!/usr/bin/env bash
# Install what running and testing the addons needs, skipping what is there:
# Odoo's source check, system packages, PostgreSQL running, the virtualenv.
# Called by the Makefile; every failure is one line saying what to do.
set -euo pipefail

ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${VENV:?VENV is not set}
ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}
here=$(cd "$(dirname "$0")/.." && pwd)

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

# --- Odoo's source --------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
    say "no Odoo at ODOO_SRC=$ODOO_SRC: trying git clone --depth 1 --branch 19.0 $ODOO_GIT"
    existed=0; [ -e "$ODOO_SRC" ] && existed=1
    if ! git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT" "$ODOO_SRC" 2>/dev/null; then
        [ "$existed" -eq 1 ] || rm -rf "$ODOO_SRC"
        die "no Odoo 19.0 source at ODOO_SRC=$ODOO_SRC and it could not be cloned; put an Odoo 19.0 Community tree there (git clone --depth 1 --branch 19.0 $ODOO_GIT $ODOO_SRC) or run with ODOO_SRC=/path/to/odoo"
    fi
fi
odoo_version=$(sed -n "s/^version_info = (\([0-9]*\), *\([0-9]*\).*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
[ "$odoo_version" = "19.0" ] || die "ODOO_SRC=$ODOO_SRC holds Odoo $odoo_version; these addons need Odoo 19.0"

# --- system packages ------------------------------------------------------
# The headers are needed before pip (python-ldap and psycopg2 build from
# source); the browser, the CJK fonts and wkhtmltopdf are only needed once Odoo
# runs (tours, PDFs): they install in the background while the virtualenv is
# filled, and setup waits for both at the end.
apt_install() { # apt_install LOG PACKAGE...: install the missing ones
    local log=$1 missing=() package sudo=""
    shift
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    command -v apt-get >/dev/null || { echo "missing system packages ${missing[*]} and no apt-get to install them: install them by hand" >"$log"; return 1; }
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq >"$log" 2>&1 || { echo "apt-get update failed: check the package sources" >>"$log"; return 1; }
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1 \
        || { echo "apt-get install ${missing[*]} failed: install them by hand" >>"$log"; return 1; }
}
mkdir -p "$here/.build"
apt_log="$here/.build/setup-apt.log"
apt_install "$apt_log" libldap2-dev libsasl2-dev libpq-dev || die "$(tail -n 1 "$apt_log") (details: $apt_log)"
runtime_log="$here/.build/setup-apt-runtime.log"
: > "$runtime_log"
apt_install "$runtime_log" chromium fonts-noto-cjk wkhtmltopdf &
runtime_packages=$!

# --- PostgreSQL -------------------------------------------------------------
"$here/tools/pg_ensure.sh"

# --- virtualenv -------------------------------------------------------------
# uv installs the wheels in parallel: a fresh virtualenv in ~20 s, not ~2 min
if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtualenv $VENV"
    python3 -m venv "$VENV" || die "python3 -m venv $VENV failed: install python3-venv"
fi
if [ ! -x "$VENV/bin/uv" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check packaging uv \
        || die "pip could not install uv into $VENV: check the access to PyPI"
fi
uv_install() { VIRTUAL_ENV="$VENV" "$VENV/bin/uv" pip install --quiet "$@"; }
resolved="$VENV/odoo-requirements.txt"
"$VENV/bin/python" "$here/tools/odoo_requirements.py" "$ODOO_SRC/requirements.txt" > "$resolved.new"
stamp=$(cat "$resolved.new" "$here/requirements.txt" | sha256sum | cut -c1-16)
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp:$ODOO_SRC" ]; then
    say "installing Odoo's and our Python requirements into $VENV"
    mv "$resolved.new" "$resolved"
    uv_install -r "$resolved" || die "uv could not install Odoo's requirements: see the messages above"
    # registers the distribution odoo==19.0 that OCA wheels require, without a path hook
    uv_install --no-deps -e "$ODOO_SRC" --config-setting editable_mode=compat \
        || die "uv could not register Odoo from $ODOO_SRC"
    uv_install -r "$here/requirements.txt" || die "uv could not install requirements.txt: see the messages above"
    echo "$stamp:$ODOO_SRC" > "$VENV/.stamp"
else
    rm -f "$resolved.new"
fi

wait "$runtime_packages" || die "$(tail -n 1 "$runtime_log") (details: $runtime_log)"
