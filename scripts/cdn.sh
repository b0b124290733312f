#!/usr/bin/env bash
# Usage: scripts/cdn.sh COMMAND
#
# A simulated Go module proxy CDN from real nginx processes on 127.0.0.1: one origin serving a GOPROXY tree
# (written by goproxy-tree.py) and four caching edges (tokyo, frankfurt, sao-paulo, los-angeles), each its
# own nginx master (own prefix, config, pid, logs, proxy_cache) so a test can stop/purge/age one of them.
#
# Commands:
#   start                 create the tree if absent, start origin + all edges (idempotent; a changed config
#                         is applied with a reload); prints "NAME URL" lines on stdout
#   stop                  stop everything (idempotent)
#   status                "NAME up|down URL" lines on stdout; exit 0 when all are up, 3 otherwise
#   start-origin | stop-origin
#   start-edge REGION | stop-edge REGION
#   purge-edge REGION     empty that edge's cache (the next request is a MISS)
#   purge-path REGION PATH  drop one URL path (/example.com/hello/@v/v1.0.0.mod) from that edge's cache
#   hold-edge REGION      keep that edge serving what it has cached (TTLs of 30 days; reloaded, cache kept;
#                         its @v/list and @latest are answered from the cache only, expired or not, and
#                         502 when never cached): after a publish, they stay behind the other edges'
#   release-edge REGION   undo hold-edge and purge that edge, so its next answers are fresh
#   tamper-zip REGION MODULE@VERSION
#                         make that edge serve other bytes for that module zip (one extra file): the origin
#                         serves the altered zip while only that edge is purged and fetches it, then gets its
#                         own file back (same bytes and mtime, so the same ETag) and the other edges drop
#                         that zip from their caches (one may have fetched it meanwhile).
#                         Undo with purge-edge REGION.
#   publish v1|v2         rewrite the origin tree with that version set (v2 adds example.com/hello v1.2.0) and
#                         append the release to the module index stand-in (scripts/index-server.py)
#
# start also runs the module index stand-in ("index URL" line): GET /index?since=T&limit=N over
# DIR/index.jsonl, to which publish appends {"Path","Version","Timestamp"} lines.
#
# Environment (defaults in brackets):
#   PROXYWATCH_CDN_DIR [/tmp/proxywatch-cdn]  run dir: tree/, origin/, edge-REGION/ (conf, pid, logs, cache)
#   PROXYWATCH_CDN_ORIGIN_PORT [18080]        PROXYWATCH_CDN_PORT_TOKYO [18081]  ..._FRANKFURT [18082]
#   PROXYWATCH_CDN_PORT_SAO_PAULO [18083]     PROXYWATCH_CDN_PORT_LOS_ANGELES [18084]
#   PROXYWATCH_CDN_INDEX_PORT [18085]         the module index stand-in
#   PROXYWATCH_EDGE_MUTABLE_TTL [60s]     edge cache time of @latest and @v/list
#   PROXYWATCH_EDGE_IMMUTABLE_TTL [3h]    edge cache time of .info/.mod/.zip
#   PROXYWATCH_EDGE_NOTFOUND_TTL [60s]    edge cache time of 404/410 answers
#   Each TTL may be overridden per edge by appending the region: PROXYWATCH_EDGE_MUTABLE_TTL_TOKYO=1h
#   (takes effect at start/start-edge; a running edge is reloaded, its cache is kept).
#   PROXYWATCH_CDN_VERSION_SET [v1]       version set used when the tree is first created
# Human messages go to stderr.
set -euo pipefail

PW_PROG=cdn.sh
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "$SCRIPTS/lib.sh"

DIR=${PROXYWATCH_CDN_DIR:-/tmp/proxywatch-cdn}
[[ $DIR == /* ]] || DIR=$PWD/$DIR
TREE=$DIR/tree
REGIONS=(tokyo frankfurt sao-paulo los-angeles)
ORIGIN_PORT=${PROXYWATCH_CDN_ORIGIN_PORT:-18080}

usage() { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; }

region_suffix() { local s=${1^^}; printf '%s' "${s//-/_}"; } # sao-paulo -> SAO_PAULO

port_of() { # NAME (origin or a region)
    local var def
    case $1 in
    origin) printf '%s' "$ORIGIN_PORT" && return 0 ;;
    index) printf '%s' "${PROXYWATCH_CDN_INDEX_PORT:-18085}" && return 0 ;;
    tokyo) def=18081 ;;
    frankfurt) def=18082 ;;
    sao-paulo) def=18083 ;;
    los-angeles) def=18084 ;;
    *) die "unknown region '$1' (regions: ${REGIONS[*]})" ;;
    esac
    var=PROXYWATCH_CDN_PORT_$(region_suffix "$1")
    printf '%s' "${!var:-$def}"
}

ttl() { # KIND REGION -> 30d for a held edge, else PROXYWATCH_EDGE_<KIND>_TTL_<REGION> or PROXYWATCH_EDGE_<KIND>_TTL or default
    local kind=$1 region=$2 def=$3 var val
    if [[ -f $(prefix_of "$region")/held ]]; then printf '30d' && return 0; fi
    var=PROXYWATCH_EDGE_${kind}_TTL_$(region_suffix "$region")
    val=${!var:-}
    if [[ -z $val ]]; then
        var=PROXYWATCH_EDGE_${kind}_TTL
        val=${!var:-$def}
    fi
    [[ $val =~ ^[0-9]+(ms|s|m|h|d|w|M|y)?$ ]] || die "$var: not an nginx time value: $val"
    printf '%s' "$val"
}

prefix_of() {
    case $1 in
    origin) printf '%s' "$DIR/origin" ;;
    index) printf '%s' "$DIR/index" ;;
    *) printf '%s' "$DIR/edge-$1" ;;
    esac
}

index_pid() { # PID of the running index stand-in, if any
    local pid
    [[ -s $DIR/index/pid ]] || return 1
    pid=$(<"$DIR/index/pid")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "index-server.py" || return 1
    printf '%s\n' "$pid"
}

start_index() {
    local port pid
    port=$(port_of index)
    mkdir -p "$DIR/index"
    touch "$DIR/index.jsonl"
    if pid=$(index_pid); then
        log "index: already running (pid $pid)"
        return 0
    fi
    port_open "$port" && die "index: 127.0.0.1:$port is already in use by another process"
    nohup /usr/bin/python3 "$SCRIPTS/index-server.py" "$DIR/index.jsonl" "$port" </dev/null >"$DIR/index/log" 2>&1 9>&- &
    printf '%s\n' "$!" >"$DIR/index/pid"
    pw_wait_until 15 curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/_proxywatch/health" \
        || die "index: not answering on 127.0.0.1:$port (see $DIR/index/log)"
    log "index: started (pid $(<"$DIR/index/pid"))"
}

stop_index() {
    local pid
    if ! pid=$(index_pid); then
        log "index: not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    pw_wait_until 10 pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$DIR/index/pid"
    log "index: stopped"
}

# Appends to the index the versions the tree lists that it has not announced yet, stamped now.
announce() {
    /usr/bin/python3 - "$TREE/modules.txt" "$DIR/index.jsonl" <<'PY'
import datetime, json, sys
listed = [l.strip() for l in open(sys.argv[1]) if l.strip()]
try:
    known = {(e["Path"], e["Version"]) for e in map(json.loads, filter(str.strip, open(sys.argv[2])))}
except FileNotFoundError:
    known = set()
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
with open(sys.argv[2], "a") as out:
    for line in listed:
        path, version = line.rsplit("@", 1)
        if (path, version) not in known:
            out.write(json.dumps({"Path": path, "Version": version, "Timestamp": now}) + "\n")
PY
}

valid_region() {
    local r
    for r in "${REGIONS[@]}"; do [[ $r == "${1:-}" ]] && return 0; done
    die "unknown region '${1:-}' (regions: ${REGIONS[*]})"
}

take_lock() {
    mkdir -p "$DIR"
    exec 9>>"$DIR/.lock"
    flock -w 120 9 || die "timed out waiting for $DIR/.lock"
}

# PID of the nginx master of a component, if it is running (checked against its own config path).
master_pid() {
    local prefix pid
    prefix=$(prefix_of "$1")
    [[ -s $prefix/nginx.pid ]] || return 1
    pid=$(<"$prefix/nginx.pid")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$prefix/nginx.conf" || return 1
    printf '%s\n' "$pid"
}

answers() { # NAME: the health endpoint answers
    curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$(port_of "$1")/_proxywatch/health"
}

pid_gone() { # exited (a zombie not yet reaped by PID 1 counts as gone)
    ! kill -0 "$1" 2>/dev/null || [[ $(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null) == Z ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

common_conf() { # PREFIX
    cat <<EOF
# generated by scripts/cdn.sh; rewritten on every start
user root;
worker_processes 1;
daemon on;
pid $1/nginx.pid;
error_log $1/logs/error.log notice;
events { worker_connections 4096; }
EOF
}

common_http() { # PREFIX
    cat <<EOF
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;
    keepalive_requests 10000;
    log_format pw '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent '
                  'cache=\$upstream_cache_status rt=\$request_time urt=\$upstream_response_time';
    access_log $1/logs/access.log pw;
    client_body_temp_path $1/tmp/body;
    proxy_temp_path $1/tmp/proxy;
    fastcgi_temp_path $1/tmp/fastcgi;
    uwsgi_temp_path $1/tmp/uwsgi;
    scgi_temp_path $1/tmp/scgi;
EOF
}

origin_conf() {
    local p=$DIR/origin
    common_conf "$p"
    cat <<EOF
http {
$(common_http "$p")
    types {
        application/json info;
        text/plain       mod txt sum;
        application/zip  zip;
    }
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/plain application/json;
    etag on;
    map \$uri \$pw_path { "~^/(?<p>.*)\$" \$p; default \$uri; }

    server {
        listen 127.0.0.1:$ORIGIN_PORT;
        root $TREE;
        add_header X-Proxywatch-Origin origin always;

        location = /_proxywatch/health { access_log off; default_type text/plain; return 200 "origin ok\n"; }
        # no extension: type by name
        location ~ /@latest\$ { default_type application/json; try_files \$uri =404; }
        location ~ /@v/list\$ { default_type text/plain; try_files \$uri =404; }
        # files only (a directory is "not found" too); nginx decodes %21 to ! before mapping to a file
        location / { try_files \$uri =404; }

        error_page 403 404 =404 @notfound;
        location @notfound { types { } default_type text/plain; return 404 "not found: \$pw_path\n"; }
    }
}
EOF
}

edge_conf() { # REGION
    local region=$1 p port mutable immutable notfound mutable_upstream=origin
    p=$(prefix_of "$region")
    # A held edge must keep serving @v/list and @latest after their stored validity ends (a TTL is fixed in each
    # cache entry when it is stored, so a longer proxy_cache_valid alone does not hold what is already cached):
    # its mutable requests go to a closed port, and proxy_cache_use_stale error serves the cached copy.
    [[ -f $(prefix_of "$region")/held ]] && mutable_upstream=held
    port=$(port_of "$region")
    mutable=$(ttl MUTABLE "$region" 60s)
    immutable=$(ttl IMMUTABLE "$region" 3h)
    notfound=$(ttl NOTFOUND "$region" 60s)
    common_conf "$p"
    cat <<EOF
http {
$(common_http "$p")
    default_type application/octet-stream;
    proxy_cache_path $p/cache levels=1:2 keys_zone=edge:16m max_size=4g inactive=30d use_temp_path=off;

    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 16;
    }
    upstream held {
        server 127.0.0.1:1; # closed: a held edge answers @v/list and @latest from its cache only
    }

    # Cache-Control as proxy.golang.org sends it (what the origin sends is replaced)
    map "\$status \$uri" \$pw_cache_control {
        default "";
        "~^(200|206|304) .*/@latest\$"                       "public, max-age=60";
        "~^(200|206|304) .*/@v/list\$"                       "public, max-age=60";
        "~^(200|206|304) .*/@v/[^/]+\\.(info|mod|zip)\$"      "public, max-age=10800";
        "~^(404|410) "                                       "public, max-age=60";
    }

    server {
        listen 127.0.0.1:$port;
        add_header X-Proxywatch-Edge $region always;
        add_header X-Cache-Status \$upstream_cache_status always;
        add_header Cache-Control \$pw_cache_control always;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_connect_timeout 5s;
        proxy_read_timeout 120s;
        proxy_hide_header Cache-Control;
        proxy_hide_header X-Proxywatch-Origin;
        proxy_ignore_headers Cache-Control Expires X-Accel-Expires Set-Cookie;

        proxy_cache edge;
        # decoded path: /github.com/%21azure/... and /github.com/!azure/... share one entry
        proxy_cache_key \$uri\$is_args\$args;
        proxy_cache_lock on;
        proxy_cache_revalidate on;
        proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;

        location = /_proxywatch/health { access_log off; default_type text/plain; return 200 "$region ok\n"; }

        # mutable: @latest and @v/list
        location ~ /(@latest|@v/list)\$ {
            proxy_cache_valid 200 $mutable;
            proxy_cache_valid 404 410 $notfound;
            proxy_pass http://$mutable_upstream;
        }
        # immutable: .mod, .zip (and .info, cached like them by the real proxy)
        location / {
            proxy_cache_valid 200 $immutable;
            proxy_cache_valid 404 410 $notfound;
            proxy_pass http://origin;
        }
    }
}
EOF
}

ensure_tree() {
    if [[ ! -f $TREE/modules.txt ]]; then
        log "creating the GOPROXY tree in $TREE"
        /usr/bin/python3 "$SCRIPTS/goproxy-tree.py" "$TREE" --version-set "${PROXYWATCH_CDN_VERSION_SET:-v1}" >/dev/null
    fi
}

start_component() { # NAME (origin or region)
    local name=$1 prefix port pid changed=0
    prefix=$(prefix_of "$name")
    port=$(port_of "$name")
    mkdir -p "$prefix/logs" "$prefix/tmp"
    [[ $name == origin ]] || mkdir -p "$prefix/cache"
    if [[ $name == origin ]]; then origin_conf; else edge_conf "$name"; fi >"$prefix/nginx.conf.new"
    if ! cmp -s "$prefix/nginx.conf.new" "$prefix/nginx.conf"; then
        mv -f "$prefix/nginx.conf.new" "$prefix/nginx.conf"
        changed=1
    else
        rm -f "$prefix/nginx.conf.new"
    fi
    local -a ngx=(nginx -p "$prefix/" -e "$prefix/logs/error.log" -c "$prefix/nginx.conf")
    if pid=$(master_pid "$name"); then
        if ((changed)); then
            "${ngx[@]}" -t -q 9>&- || die "$name: new configuration is invalid ($prefix/nginx.conf)"
            kill -HUP "$pid"
            log "$name: configuration changed, reloaded (pid $pid)"
        else
            log "$name: already running (pid $pid)"
        fi
    else
        if port_open "$port"; then
            die "$name: 127.0.0.1:$port is already in use by another process"
        fi
        "${ngx[@]}" </dev/null >&2 9>&- || {
            tail -n 20 "$prefix/logs/error.log" >&2 || true
            die "$name: nginx failed to start"
        }
        log "$name: started on 127.0.0.1:$port"
    fi
    pw_wait_until 15 answers "$name" || die "$name: not answering on 127.0.0.1:$port (see $prefix/logs/error.log)"
}

stop_component() { # NAME
    local name=$1 pid
    if ! pid=$(master_pid "$name"); then
        log "$name: not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    if ! pw_wait_until 10 pid_gone "$pid"; then
        log "$name: still running after 10 s, sending SIGKILL"
        pkill -KILL -P "$pid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(prefix_of "$name")/nginx.pid"
    log "$name: stopped"
}

print_url() { printf '%s http://127.0.0.1:%s\n' "$1" "$(port_of "$1")"; }

cmd_start() {
    pw_ensure nginx:nginx-light curl:curl /usr/bin/python3:python3
    take_lock
    ensure_tree
    start_component origin
    local r
    for r in "${REGIONS[@]}"; do start_component "$r"; done
    [[ -s $DIR/index.jsonl ]] || announce_initial
    start_index
    print_url origin
    for r in "${REGIONS[@]}"; do print_url "$r"; done
    print_url index
}

# The versions of a new tree were released long ago: the index lists them with their own times.
announce_initial() {
    /usr/bin/python3 - "$TREE" "$DIR/index.jsonl" <<'PY'
import json, os, sys
tree, out = sys.argv[1], sys.argv[2]
entries = []
for line in open(os.path.join(tree, "modules.txt")):
    line = line.strip()
    if not line:
        continue
    path, version = line.rsplit("@", 1)
    escaped = "".join("!" + c.lower() if c.isupper() else c for c in path)
    info = json.load(open(os.path.join(tree, escaped, "@v", version + ".info")))
    entries.append((info["Time"], path, version))
with open(out, "w") as f:
    for when, path, version in sorted(entries):
        f.write(json.dumps({"Path": path, "Version": version, "Timestamp": when}) + "\n")
PY
}

purge_path() { # REGION PATH: the cache file of key PATH (proxy_cache_key $uri$is_args$args, levels=1:2)
    local md5 file
    md5=$(printf '%s' "$2" | md5sum | cut -d' ' -f1)
    file=$(prefix_of "$1")/cache/${md5: -1}/${md5: -3:2}/$md5
    rm -f -- "$file"
}

cmd_stop() {
    take_lock
    local r
    for r in "${REGIONS[@]}"; do stop_component "$r"; done
    stop_component origin
    stop_index
}

cmd_status() {
    local name all=0 state
    for name in origin "${REGIONS[@]}"; do
        state=down
        if master_pid "$name" >/dev/null && answers "$name" 2>/dev/null; then state=up; else all=3; fi
        printf '%s %s http://127.0.0.1:%s\n' "$name" "$state" "$(port_of "$name")"
    done
    state=down
    if index_pid >/dev/null; then state=up; else all=3; fi
    printf 'index %s http://127.0.0.1:%s\n' "$state" "$(port_of index)"
    return "$all"
}

cmd=${1:-}
case $cmd in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
start-origin)
    pw_ensure nginx:nginx-light curl:curl /usr/bin/python3:python3
    take_lock && ensure_tree && start_component origin && print_url origin
    ;;
stop-origin) take_lock && stop_component origin ;;
start-edge)
    valid_region "${2:-}"
    pw_ensure nginx:nginx-light curl:curl
    take_lock && start_component "$2" && print_url "$2"
    ;;
stop-edge) valid_region "${2:-}" && take_lock && stop_component "$2" ;;
purge-edge)
    valid_region "${2:-}"
    take_lock
    cache=$(prefix_of "$2")/cache
    # Files only, with rm -f: nginx may add or expire cache files meanwhile, and a directory that gains a
    # file while being deleted would fail the purge. The empty level directories are harmless.
    if [[ -d $cache ]]; then find "$cache" -mindepth 1 -type f -exec rm -f -- {} +; fi
    log "$2: cache purged ($cache)"
    ;;
purge-path)
    valid_region "${2:-}"
    [[ ${3:-} == /* && ${3:-} != *$'\n'* ]] || die "usage: $0 purge-path REGION /PATH"
    take_lock
    purge_path "$2" "$3"
    ;;
hold-edge | release-edge)
    valid_region "${2:-}"
    take_lock
    if [[ $cmd == hold-edge ]]; then
        mkdir -p "$(prefix_of "$2")" && touch "$(prefix_of "$2")/held"
    else
        rm -f "$(prefix_of "$2")/held"
        cache=$(prefix_of "$2")/cache
        if [[ -d $cache ]]; then find "$cache" -mindepth 1 -type f -exec rm -f -- {} +; fi
    fi
    if master_pid "$2" >/dev/null; then start_component "$2" >/dev/null; fi
    log "$2: $([[ $cmd == hold-edge ]] && echo "held: it keeps serving what it has cached" || echo "released and purged")"
    ;;
tamper-zip)
    valid_region "${2:-}"
    [[ ${3:-} =~ ^[^@[:space:]]+@v[^@/[:space:]]+$ ]] || die "usage: $0 tamper-zip REGION MODULE@VERSION"
    take_lock
    escaped=$(printf '%s' "${3%@*}" | sed 's/[A-Z]/!\L&/g')
    zip=$TREE/$escaped/@v/${3#*@}.zip
    [[ -f $zip ]] || die "no zip for $3 in $TREE"
    master_pid "$2" >/dev/null || die "$2 is not running"
    cp -p "$zip" "$DIR/tamper-original.zip"
    /usr/bin/python3 - "$zip" "$3/TAMPERED.txt" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr(sys.argv[2], "not what the checksum database knows\n")
PY
    cache=$(prefix_of "$2")/cache
    if [[ -d $cache ]]; then find "$cache" -mindepth 1 -type f -exec rm -f -- {} +; fi
    fetched=0
    curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$2")/$escaped/@v/${3#*@}.zip" && fetched=1
    cp -p "$DIR/tamper-original.zip" "$zip" && rm -f "$DIR/tamper-original.zip"
    for region in "${REGIONS[@]}"; do # an edge that fetched the zip meanwhile drops it again
        [[ $region == "$2" ]] || purge_path "$region" "/$escaped/@v/${3#*@}.zip"
    done
    [[ $fetched == 1 ]] || die "$2 did not fetch the altered zip"
    log "$2: serves other bytes for $3 until 'purge-edge $2' (the origin and the other edges serve the real zip)"
    ;;
publish)
    [[ ${2:-} == v1 || ${2:-} == v2 ]] || die "usage: $0 publish v1|v2"
    take_lock
    /usr/bin/python3 "$SCRIPTS/goproxy-tree.py" "$TREE" --version-set "$2" >/dev/null
    announce
    ;;
-h | --help | help) usage ;;
*) usage && exit 2 ;;
esac
