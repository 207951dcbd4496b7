#!/usr/bin/env bash
# Builds the Debian package into build-deb/: newsd_VERSION_ARCH.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh build-deb -DCMAKE_INSTALL_PREFIX=/usr -DNEWSD_BUILD_TESTS=OFF
(cd build-deb && cpack -G DEB >/dev/null && ls -1 "$PWD"/newsd_*.deb)
