#!/bin/sh
# deploy/newsd.rules.yml: valid for Prometheus (promtool check rules), each
# alert fires on the series that should raise it (promtool test rules,
# tests/deploy/rules_test.yml), and every newsd_* metric it names is one
# newsd exports (a renamed metric would silently disarm an alert).
# Skips (77) without promtool (Debian's prometheus package).
set -eu
src="$1"
command -v promtool >/dev/null 2>&1 || { echo "promtool not installed: skipped"; exit 77; }
promtool check rules "$src/deploy/newsd.rules.yml"
cd "$src/tests/deploy" && promtool test rules rules_test.yml
missing=0
for m in $(grep -oE 'newsd_[a-z_]+' "$src/deploy/newsd.rules.yml" | sort -u); do
  if ! grep -rqF "\"$m\"" "$src/daemon" "$src/kafka" "$src/store" "$src/ingest" "$src/common"; then
    echo "rules name $m, which newsd does not export" >&2
    missing=1
  fi
done
exit $missing
