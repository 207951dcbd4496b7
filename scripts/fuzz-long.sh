#!/bin/bash
# Longer fuzzing with libFuzzer (clang): builds build-fuzz with every
# library instrumented (ASan + UBSan), runs each target for SECONDS
# (default 300) from its corpus plus the project's own feed fixtures, and
# merges the inputs that found new coverage into tests/fuzz/corpus/TARGET.
# Only the fuzzer's own inputs are kept: nothing read from ../shared (its
# licences are not ours) is used here. Crashes are left as crash-* files in
# build-fuzz/findings/TARGET.
#
# At most MAX_NEW (default 40) of them are kept per target, the smallest:
# the corpus stays small enough for ctest to replay and mutate each file.
#
# usage: [MAX_NEW=N] scripts/fuzz-long.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(feed date html words analyze config api)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSD_LIBFUZZER=ON > /dev/null
ninja -C build-fuzz $(printf 'tests/fuzz_%s ' "${targets[@]}") > /dev/null
export NEWSD_DATA_DIR="$PWD/data"
status=0
for t in "${targets[@]}"; do
  work=$PWD/build-fuzz/findings/$t
  bin=$PWD/build-fuzz/tests/fuzz_$t
  rm -rf "$work" && mkdir -p "$work/run" "$work/merged"
  cp tests/fuzz/corpus/$t/* "$work/run/"
  case $t in feed | html) find tests/data/feeds -type f -exec cp {} "$work/run/" \; ;; esac
  if ! (cd "$work" && "$bin" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
        -print_final_stats=1 run > log.txt 2>&1); then
    echo "fuzz_$t: FAILED (see $work/log.txt and $work/crash-*)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$' || echo "?")
  # What the committed corpus lacks: merge the run into a copy of it.
  cp tests/fuzz/corpus/$t/* "$work/merged/"
  (cd "$work" && "$bin" -merge=1 merged run > merge.txt 2>&1) || true
  # libFuzzer names its own inputs by their SHA-1; fixtures keep their names.
  found=$(find "$work/merged" -type f -regextype egrep -regex '.*/[0-9a-f]{40}' -printf '%s %p\n' |
          sort -n)
  total=$(printf '%s' "$found" | grep -c . || true)
  added=0
  while read -r size f; do
    [ -n "$f" ] || continue
    [ "$added" -lt "${MAX_NEW:-40}" ] || break
    base=$(basename "$f")
    cp "$f" "tests/fuzz/corpus/$t/found-${base:0:12}" && added=$((added + 1))
  done <<< "$found"
  echo "fuzz_$t: ${seconds} s, $runs runs; $total inputs with new coverage, the $added smallest added to tests/fuzz/corpus/$t"
done
exit $status
