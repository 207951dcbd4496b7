#!/usr/bin/env bash
# The README's first command: install what is needed, build, and start newsd
# on its embedded defaults (development Kafka in the process, sample feeds).
# Watch the log; in a second terminal run the kcat command it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
echo
echo "Starting newsd with deploy/newsd.example.toml (Ctrl-C to stop)."
echo "The log prints the Kafka bootstrap address and the kcat command that reads the events."
echo
exec build/daemon/newsd run --config deploy/newsd.example.toml "$@"
