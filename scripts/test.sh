#!/usr/bin/env bash
# The README's second command, and what CI runs: install, build, run the whole
# suite (unit and end-to-end tests) through ctest, then the same suite again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   scripts/test.sh            everything
#   NEWSD_SKIP_SANITIZE=1 scripts/test.sh   skip the sanitizer pass
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== build (RelWithDebInfo, -Werror)"
scripts/build.sh build -DNEWSD_WERROR=ON
echo "== ctest"
(cd build && ctest --output-on-failure -j "$(nproc)")

if [ "${NEWSD_SKIP_SANITIZE:-0}" != "1" ]; then
  echo "== build (ASan + UBSan)"
  scripts/build.sh build-asan -DNEWSD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  echo "== ctest (ASan + UBSan)"
  # librdkafka and RocksDB keep process-lifetime allocations: leaks are not checked here.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j "$(nproc)")
fi
