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
system_packages=(libldap2-dev libsasl2-dev libpq-dev chromium fonts-noto-cjk wkhtmltopdf)
missing=()
for package in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || die "missing system packages ${missing[*]} and no apt-get to install them: install them by hand"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed: check the package sources, then run make again"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed: install them by hand, then run make again"
fi

# --- PostgreSQL -------------------------------------------------------------
"$here/tools/pg_ensure.sh"

# --- virtualenv -------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtualenv $VENV"
    python3 -m venv "$VENV" || die "python3 -m venv $VENV failed: install python3-venv"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check packaging
resolved="$VENV/odoo-requirements.txt"
"$VENV/bin/python" "$here/tools/odoo_requirements.py" "$ODOO_SRC/requirements.txt" > "$resolved.new"
stamp=$(cat "$resolved.new" "$here/requirements.txt" | sha256sum | cut -c1-16)
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp:$ODOO_SRC" ]; then
    say "installing Odoo's and our Python requirements into $VENV"
    mv "$resolved.new" "$resolved"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$resolved" \
        || die "pip could not install Odoo's requirements: see the messages above"
    # registers the distribution odoo==19.0 that OCA wheels require, without a path hook
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        -e "$ODOO_SRC" --config-settings editable_mode=compat \
        || die "pip could not register Odoo from $ODOO_SRC"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" \
        || die "pip could not install requirements.txt: see the messages above"
    echo "$stamp:$ODOO_SRC" > "$VENV/.stamp"
else
    rm -f "$resolved.new"
fi
