#!/usr/bin/env bash
# The systemd unit passes `systemd-analyze verify` and scores at most 1.1 in
# `systemd-analyze security --offline=true`, with memory, task and
# link-local address limits.
# usage: unit_test.sh SOURCE_DIR NEWSD_BINARY
set -euo pipefail
src=$1 newsd=$2
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# verify resolves ExecStart: point it at the binary just built.
sed "s|/usr/bin/newsd|$newsd|" "$src/deploy/newsd.service" > "$scratch/newsd.service"
out=$(systemd-analyze verify "$scratch/newsd.service" 2>&1 || true)
# Lines about other units on this machine are not ours.
ours=$(printf '%s\n' "$out" | grep -E '^(/.*)?newsd\.service' || true)
if [ -n "$ours" ]; then
  echo "FAIL: systemd-analyze verify:"; printf '%s\n' "$ours"; fail=1
else
  echo "ok: systemd-analyze verify is clean"
fi

score=$(systemd-analyze security --offline=true "$src/deploy/newsd.service" 2>&1 |
        sed -n 's/.*Overall exposure level for newsd.service: \([0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
  echo "FAIL: no exposure score"; fail=1
elif awk "BEGIN { exit !($score <= 1.1) }"; then
  echo "ok: exposure level $score <= 1.1"
else
  echo "FAIL: exposure level $score > 1.1"; fail=1
fi
for line in '^MemoryMax=[0-9]' '^TasksMax=[0-9]' '^IPAddressDeny=.*link-local'; do
  if grep -qE "$line" "$src/deploy/newsd.service"; then
    echo "ok: unit has $line"
  else
    echo "FAIL: unit lacks $line"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "unit_test: 5 passed, 0 failed" || echo "unit_test: failed"
exit $fail
