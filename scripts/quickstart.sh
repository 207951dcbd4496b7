#!/usr/bin/env bash
# The README's first command: install what is needed, build, and start newsd
# on its embedded defaults (development Kafka in the process, sample feeds).
# Open http://127.0.0.1:9181/ (the web timeline), or run the kcat command
# the log prints in a second terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
echo
echo "Starting newsd with deploy/newsd.example.toml (Ctrl-C to stop)."
echo "Open http://127.0.0.1:9181/ in a browser for the web timeline; the log also prints"
echo "the Kafka bootstrap address and the kcat command that reads the events."
echo
exec build/daemon/newsd run --config deploy/newsd.example.toml "$@"
