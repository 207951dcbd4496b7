#!/usr/bin/env bash
# Installs the Debian 12 packages newsd needs to build, run and test.
# Idempotent: packages already present are left alone. Needs root.
# --tests also installs what only the test suite uses: chromium (the web
# page's test drives it), python3-jsonschema (messages against
# docs/schemas), prometheus (promtool checks the alerting rules) and
# liblingua-en-tagger-perl (the reference tagger bench/pos_agreement.py
# holds the part-of-speech layer against).
# --bench installs what the benchmarks compare against (newsboat,
# python3-feedparser, python3-readability); nothing else needs them.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3 clang-format
  libcurl4-openssl-dev libpugixml-dev librdkafka-dev librocksdb-dev
  libsystemd-dev libicu-dev libgumbo-dev nlohmann-json3-dev
  libtomlplusplus-dev libcli11-dev libxxhash-dev libcpp-httplib-dev
  iso-codes wordnet-base catch2 kcat libbenchmark-dev zlib1g-dev libbrotli-dev libzstd-dev
  nghttp2-server openssl libssl-dev
)
for arg in "$@"; do
  case "$arg" in
    --tests) PACKAGES+=(chromium python3-jsonschema prometheus liblingua-en-tagger-perl) ;;
    --bench) PACKAGES+=(newsboat python3-feedparser python3-readability) ;;
    *) echo "install-deps: unknown option $arg (--tests, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
