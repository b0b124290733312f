#!/usr/bin/env bash
# Usage: scripts/ensure-deps.sh
#
# Installs the Debian packages the tests and the demo need, only those that are missing (no apt call at all
# when everything is present): nginx (nginx-light), debootstrap, curl, python3, prometheus-alertmanager,
# chromium + chromium-driver for the console's browser test (ITConsole), prometheus for `promtool check metrics`
# (ITMetrics checks the collector's and an agent's /metrics), and faketime (libfaketime) for agents with
# deliberately wrong clocks (ITClockSkew).
# `apt-get update` runs only when the package lists are empty or an install fails. Maintainer scripts are
# kept from starting system services (nginx on :80, alertmanager on :9093) while installing.
# Reports what it did on stderr; prints nothing on stdout.
set -euo pipefail

PW_PROG=ensure-deps.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in
"") ;;
-h | --help | help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2 && exit 0 ;;
*) die "no arguments expected (see --help)" ;;
esac

# command that proves the package is there : package to install when it is not
DEPS=(
    nginx:nginx-light
    debootstrap:debootstrap
    curl:curl
    /usr/bin/python3:python3
    prometheus-alertmanager:prometheus-alertmanager
    /usr/bin/chromium:chromium
    /usr/bin/chromedriver:chromium-driver
    promtool:prometheus
    faketime:faketime
)

missing=()
for spec in "${DEPS[@]}"; do
    cmd=${spec%%:*} pkg=${spec#*:}
    if [[ $cmd == /* && -x $cmd ]] || { [[ $cmd != /* ]] && command -v "$cmd" >/dev/null 2>&1; }; then
        log "present: $pkg ($(command -v "$cmd"))"
    else
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    log "all dependencies present, nothing to do"
    exit 0
fi
log "missing: ${missing[*]}"
pw_apt_install "${missing[@]}"
for pkg in "${missing[@]}"; do
    log "installed: $pkg $(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)"
done
