#!/usr/bin/env bash
# Builds the Debian package from this build tree, installs it with dpkg -i on
# this machine, checks files, conffiles, the system user, the state directory,
# the unit and the binary, then purges it again. Needs root (exit 77 = skipped
# otherwise: ctest reports it as not run).
# usage: deb_test.sh BUILD_DIR VERSION
set -uo pipefail
build=$1 version=$2
if [ "$(id -u)" -ne 0 ]; then echo "deb_test: needs root for dpkg -i"; exit 77; fi
if dpkg-query -W -f='${Status}' newsd 2>/dev/null | grep -q "install ok installed"; then
  echo "deb_test: a newsd package is already installed here; not touching it"; exit 77
fi
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed+1)); else echo "FAIL: $1"; failed=$((failed+1)); fi; }

cd "$build"
cpack -G DEB >/dev/null 2>cpack.err || { cat cpack.err; exit 1; }
deb=$(ls -1t newsd_"$version"_*.deb | head -1)
check "package built" '[ -f "$deb" ]'
check "dpkg -i succeeds" 'dpkg -i "$deb" >dpkg.log 2>&1 || { cat dpkg.log; false; }'
trap 'dpkg --purge newsd >/dev/null 2>&1' EXIT
check "binary runs and reports the version" '[ "$(/usr/bin/newsd --version)" = "newsd $version" ]'
check "unit installed" '[ -f /usr/lib/systemd/system/newsd.service ]'
check "config installed as a conffile" 'dpkg-query -W -f="\${Conffiles}" newsd | grep -q /etc/newsd/newsd.toml'
check "system user exists" 'getent passwd newsd >/dev/null'
check "user has no login shell" 'getent passwd newsd | grep -qE "(nologin|false)$"'
check "config readable by root and newsd only (0640 root:newsd)" '[ "$(stat -c %a:%U:%G /etc/newsd/newsd.toml)" = 640:root:newsd ]'
check "config directory closed to others (0750 root:newsd)" '[ "$(stat -c %a:%U:%G /etc/newsd)" = 750:root:newsd ]'
check "state directory owned by newsd" '[ "$(stat -c %U /var/lib/newsd)" = newsd ]'
check "gazetteer installed" '[ -f /usr/share/newsd/gazetteer.json ]'
check "message schemas and alerting rules installed" '[ -f /usr/share/newsd/schemas/newsd.event-1.json ] && [ -f /usr/share/newsd/schemas/newsd.story-1.json ] && [ -f /usr/share/newsd/newsd.rules.yml ]'
check "man pages installed" '[ -f /usr/share/man/man8/newsd.8 ] && [ -f /usr/share/man/man5/newsd.toml.5 ]'
check "packaged config is valid" '/usr/bin/newsd check-config /etc/newsd/newsd.toml >/dev/null'
check "packaged config does not use the embedded broker" '! grep -qE "^brokers *= *\"embedded\"" /etc/newsd/newsd.toml'
check "installed unit verifies" '[ -z "$(systemd-analyze verify /usr/lib/systemd/system/newsd.service 2>&1 | grep -E "^(/.*)?newsd\.service")" ]'
check "installed binary finds its data without help" 'printf "%s" "<rss><channel><item><title>Macron met Scholz in Berlin</title><link>https://x/1</link></item></channel></rss>" > item.xml && env -u NEWSD_DATA_DIR /usr/bin/newsd process item.xml | grep -q "Olaf Scholz"'
# A changed conffile survives an upgrade (reinstall).
echo "# local edit" >> /etc/newsd/newsd.toml
check "reinstall keeps a locally edited conffile" 'dpkg -i --force-confold "$deb" >/dev/null 2>&1 && grep -q "# local edit" /etc/newsd/newsd.toml'
check "purge removes files" 'dpkg --purge newsd >/dev/null 2>&1 && [ ! -e /usr/bin/newsd ] && [ ! -e /etc/newsd/newsd.toml ]'
trap - EXIT
echo "deb_test: $passed passed, $failed failed"
[ $failed -eq 0 ]
