# shellcheck shell=bash
# Shared helpers for the proxywatch scripts. Source it, do not run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Everything here writes human messages to stderr only.

PW_PROG=${PW_PROG:-$(basename "$0")}

log() { printf '%s: %s\n' "$PW_PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PW_PROG" "$*" >&2; exit 1; }

# True when apt has no package lists yet (a fresh image after `apt-get clean` of lists).
pw_apt_lists_empty() {
    ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

pw_drop_policy() {
    if grep -q proxywatch-temporary /usr/sbin/policy-rc.d 2>/dev/null; then rm -f /usr/sbin/policy-rc.d; fi
}

# pw_apt_install PKG... : apt-get install the given packages (no recommends).
# Runs `apt-get update` first only when the lists are empty, or once more after a failed install.
# Service start-up by maintainer scripts is suppressed with a temporary policy-rc.d (only when none exists),
# so installing nginx or alertmanager never leaves a system daemon running on a default port.
pw_apt_install() {
    (($#)) || return 0
    [[ $(id -u) -eq 0 ]] || die "need root to install: $*"
    local policy=/usr/sbin/policy-rc.d added_policy=0 rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# proxywatch-temporary\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        added_policy=1
        trap pw_drop_policy EXIT # also when interrupted
    fi
    local -a apt=(apt-get -y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold)
    export DEBIAN_FRONTEND=noninteractive
    local updated=0
    if pw_apt_lists_empty; then
        log "apt lists are empty: apt-get update"
        "${apt[@]}" update >&2 || log "apt-get update reported errors (continuing)"
        updated=1
    fi
    log "apt-get install $*"
    if ! "${apt[@]}" install --no-install-recommends "$@" >&2; then
        rc=1
        if ((!updated)); then
            log "install failed; running apt-get update and retrying"
            "${apt[@]}" update >&2 || log "apt-get update reported errors (continuing)"
            "${apt[@]}" install --no-install-recommends "$@" >&2 && rc=0
        fi
    fi
    if ((added_policy)); then
        pw_drop_policy
        trap - EXIT
    fi
    ((rc == 0)) || die "could not install: $*"
}

# pw_ensure CMD:PKG... : install PKG for every CMD that is not on PATH (or not an existing absolute path).
# Fast (no apt call at all) when everything is present.
pw_ensure() {
    local spec cmd pkg
    local -a missing=()
    for spec in "$@"; do
        cmd=${spec%%:*} pkg=${spec#*:}
        if [[ $cmd == /* ]]; then
            [[ -x $cmd ]] && continue
        elif command -v "$cmd" >/dev/null 2>&1; then
            continue
        fi
        missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) || pw_apt_install "${missing[@]}"
}

# pw_wait_until DEADLINE_SECONDS CMD... : poll CMD (quietly) every 0.2 s until it succeeds or time runs out.
pw_wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}
