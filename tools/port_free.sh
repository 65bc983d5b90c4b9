#!/usr/bin/env bash
# Exit 1 with one line when the TCP port is already taken on this machine.
set -euo pipefail
port=$1
if python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
    exit 0
fi
echo "error: port $port is already in use (another Odoo running?): stop it, or choose another port with PORT=$((port + 1))" >&2
exit 1
