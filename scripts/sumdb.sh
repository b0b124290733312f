#!/usr/bin/env bash
# Usage: scripts/sumdb.sh COMMAND [INSTANCE] [OPTIONS]
#
# A real Go checksum database on 127.0.0.1, built on the Go team's code (golang.org/x/mod/sumdb: NewServer over
# NewTestServer, key from note.GenerateKey) from scripts/sumdb/main.go, in GOPATH mode with Debian's
# golang-1.19-go and golang-golang-x-mod-dev. It serves the go.sum lines of the simulated CDN's tree
# (goproxy-tree.py), added at start-up in go.sum order, so its tree and signed head are fixed.
# Several instances (INSTANCE, default "honest") may run at once; all share one signer key, so a forked
# instance is a split view signed by the same key.
#
# Commands:
#   start [INSTANCE] [--port N] [--lie MODULE@VERSION] [--fork] [--pad N]
#                 build the server if needed and start INSTANCE (idempotent: running with the same options
#                 it is left alone, with other options it is restarted). Prints its GOSUMDB value on stdout:
#                 "NAME+HASH+KEY http://127.0.0.1:PORT".
#                 --lie M@V   serve a wrong h1 for the zip of M@V (correctly signed: the database lies)
#                 --fork      one extra record after the first (a history other instances do not share)
#                 --pad N     N filler records after the go.sum ones (a tree over several tiles and levels)
#   stop [INSTANCE]   stop INSTANCE (idempotent)
#   stop-all          stop every instance
#   status            "INSTANCE up|down URL" lines; exit 0 when all known instances are up, 3 otherwise
#   url [INSTANCE]    its URL
#   key               the verifier key (name+hash+key), creating the signer key if there is none yet
#
# Environment (defaults in brackets):
#   PROXYWATCH_SUMDB_DIR [/tmp/proxywatch-sumdb]   build/, NAME.key (+ .pub), INSTANCE/ (pid, args, log)
#   PROXYWATCH_SUMDB_PORT [18090]                  port when --port is not given
#   PROXYWATCH_SUMDB_NAME [sum.proxywatch.test]    database name (the key's name)
#   PROXYWATCH_SUMDB_GOSUM [$PROXYWATCH_CDN_DIR/tree/go.sum when it exists, else DIR/tree/go.sum, written by
#                          goproxy-tree.py]        go.sum read at start (a restart picks up a change)
# Human messages go to stderr.
set -euo pipefail

PW_PROG=sumdb.sh
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "$SCRIPTS/lib.sh"

DIR=${PROXYWATCH_SUMDB_DIR:-/tmp/proxywatch-sumdb}
[[ $DIR == /* ]] || DIR=$PWD/$DIR
NAME=${PROXYWATCH_SUMDB_NAME:-sum.proxywatch.test}
GO=/usr/lib/go-1.19/bin/go
GOPATH_MOD=/usr/share/gocode
BIN=$DIR/build/sumdb-server
KEY=$DIR/$NAME.key

usage() { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; }

take_lock() {
    mkdir -p "$DIR"
    exec 9>>"$DIR/.lock"
    flock -w 120 9 || die "timed out waiting for $DIR/.lock"
}

valid_instance() { [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] || die "instance '$1': expected [a-z0-9-], up to 31 characters"; }

ensure_go() {
    pw_ensure "$GO:golang-1.19-go"
    [[ -f $GOPATH_MOD/src/golang.org/x/mod/sumdb/server.go ]] || pw_apt_install golang-golang-x-mod-dev
}

build() { # rebuilds when main.go changed since the last build
    local src=$SCRIPTS/sumdb/main.go sum
    sum=$(sha256sum "$src" | cut -d' ' -f1)
    [[ -x $BIN && -f $BIN.src && $(<"$BIN.src") == "$sum" ]] && return 0
    ensure_go
    mkdir -p "$DIR/build"
    log "building $BIN"
    (cd "$DIR/build" && GO111MODULE=off GOPATH=$GOPATH_MOD GOCACHE=$DIR/build/cache GOFLAGS= \
        "$GO" build -o "$BIN.new" "$src") 9>&- >&2 || die "go build of $src failed"
    mv -f "$BIN.new" "$BIN"
    printf '%s\n' "$sum" >"$BIN.src"
}

gosum_file() {
    if [[ -n ${PROXYWATCH_SUMDB_GOSUM:-} ]]; then
        [[ -f $PROXYWATCH_SUMDB_GOSUM ]] || die "PROXYWATCH_SUMDB_GOSUM: no such file: $PROXYWATCH_SUMDB_GOSUM"
        printf '%s' "$PROXYWATCH_SUMDB_GOSUM" && return 0
    fi
    local cdn=${PROXYWATCH_CDN_DIR:-/tmp/proxywatch-cdn}/tree/go.sum
    if [[ -f $cdn ]]; then printf '%s' "$cdn" && return 0; fi
    if [[ ! -f $DIR/tree/go.sum ]]; then
        log "creating the GOPROXY tree in $DIR/tree"
        /usr/bin/python3 "$SCRIPTS/goproxy-tree.py" "$DIR/tree" >/dev/null
    fi
    printf '%s' "$DIR/tree/go.sum"
}

pid_of() { # INSTANCE -> pid of its running server
    local f=$DIR/$1/pid pid
    [[ -s $f ]] || return 1
    pid=$(<"$f")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$BIN " || return 1
    printf '%s\n' "$pid"
}

port_of() { sed -n 's/^.*-addr 127\.0\.0\.1:\([0-9]*\).*$/\1/p' "$DIR/$1/args" 2>/dev/null; }
url_of() { printf 'http://127.0.0.1:%s' "$(port_of "$1")"; }
answers() { curl -fsS --max-time 2 -o /dev/null "$(url_of "$1")/latest"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_gone() { ! kill -0 "$1" 2>/dev/null || [[ $(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null) == Z ]]; }

verifier_key() {
    if [[ ! -s $KEY.pub ]]; then # the server generates the pair on its first start; do it now instead
        build
        "$BIN" -keygen -key "$KEY" -name "$NAME" 9>&- >&2 || die "could not create the signer key $KEY"
    fi
    tr -d '\n' <"$KEY.pub"
}

stop_instance() { # INSTANCE
    local pid
    if ! pid=$(pid_of "$1"); then
        log "$1: not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    pw_wait_until 10 pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$DIR/$1/pid"
    log "$1: stopped"
}

cmd_start() {
    local instance=honest port=${PROXYWATCH_SUMDB_PORT:-18090} lie='' fork=0 pad=0 vkey args pid
    if [[ ${1:-} != -* && -n ${1:-} ]]; then instance=$1 && shift; fi
    valid_instance "$instance"
    while (($#)); do
        case $1 in
        --port) port=${2:?--port needs a value} && shift 2 ;;
        --lie) lie=${2:?--lie needs MODULE@VERSION} && shift 2 ;;
        --fork) fork=1 && shift ;;
        --pad) pad=${2:?--pad needs a count} && shift 2 ;;
        *) die "start: unknown option '$1' (see --help)" ;;
        esac
    done
    [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "--port: expected 1..65535, got '$port'"
    [[ $pad =~ ^[0-9]+$ ]] || die "--pad: expected a count >= 0, got '$pad'"
    [[ -z $lie || $lie =~ ^[^@[:space:]]+@v[^@[:space:]]+$ ]] || die "--lie: expected MODULE@VERSION, got '$lie'"
    pw_ensure curl:curl /usr/bin/python3:python3
    take_lock
    build
    vkey=$(verifier_key)
    args="-addr 127.0.0.1:$port -name $NAME -key $KEY -gosum $(gosum_file) -pad $pad"
    [[ -z $lie ]] || args+=" -lie $lie"
    ((fork == 0)) || args+=" -fork"
    mkdir -p "$DIR/$instance"
    if pid=$(pid_of "$instance"); then
        if [[ $(<"$DIR/$instance/args") == "$args" ]]; then
            log "$instance: already running (pid $pid)"
            printf '%s %s\n' "$vkey" "$(url_of "$instance")"
            return 0
        fi
        log "$instance: options changed, restarting"
        stop_instance "$instance"
    fi
    port_open "$port" && die "$instance: 127.0.0.1:$port is already in use by another process"
    printf '%s\n' "$args" >"$DIR/$instance/args"
    # shellcheck disable=SC2086 # args is a list of words without spaces
    setsid "$BIN" $args </dev/null >"$DIR/$instance/log" 2>&1 9>&- &
    printf '%s\n' "$!" >"$DIR/$instance/pid"
    if ! pw_wait_until 15 answers "$instance"; then
        tail -n 20 "$DIR/$instance/log" >&2 || true
        stop_instance "$instance"
        die "$instance: not answering on 127.0.0.1:$port (see $DIR/$instance/log)"
    fi
    log "$instance: started on 127.0.0.1:$port ($args)"
    printf '%s %s\n' "$vkey" "$(url_of "$instance")"
}

instances() { local d; for d in "$DIR"/*/args; do [[ -e $d ]] && basename "$(dirname "$d")"; done; return 0; }

cmd_status() {
    local i rc=0
    for i in $(instances); do
        if pid_of "$i" >/dev/null && answers "$i" 2>/dev/null; then
            printf '%s up %s\n' "$i" "$(url_of "$i")"
        else
            printf '%s down %s\n' "$i" "$(url_of "$i")"
            rc=3
        fi
    done
    return "$rc"
}

cmd=${1:-}
(($#)) && shift
case $cmd in
start) cmd_start "$@" ;;
stop) valid_instance "${1:-honest}" && take_lock && stop_instance "${1:-honest}" ;;
stop-all) take_lock && for i in $(instances); do stop_instance "$i"; done ;;
status) cmd_status ;;
url) valid_instance "${1:-honest}" && [[ -f $DIR/${1:-honest}/args ]] && url_of "${1:-honest}" && echo ||
    die "${1:-honest}: never started" ;;
key) take_lock && verifier_key && echo ;;
-h | --help | help) usage ;;
*) usage && exit 2 ;;
esac
