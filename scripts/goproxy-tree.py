#!/usr/bin/python3
"""Write a deterministic GOPROXY directory tree for tests.

Usage: scripts/goproxy-tree.py OUTDIR [--version-set v1|v2]

Lays out a handful of modules the way the module proxy protocol names them (paths case-encoded:
github.com/Azure/go-widget is stored under github.com/!azure/go-widget):
  MODULE/@v/list, MODULE/@v/VERSION.info, .mod, .zip, MODULE/@latest
Zips follow the Go module zip format (every name prefixed "module@version/", go.mod + LICENSE + .go file),
built deterministically: same input, same bytes. File mtimes are pinned to each version's time, so nginx's
static ETag ("<mtime>-<size>") and Last-Modified are stable across rebuilds and machines.

--version-set v2 publishes one more version (example.com/hello v1.2.0) and updates its list/@latest,
to simulate a release at the origin; running v1 again on the same OUTDIR withdraws it (files of known
modules that are not in the set are removed). Unchanged files are not rewritten (their ETag stays).
Files are replaced atomically, so a server never serves a half-written file.

Prints the module listing (one module@version per line) on stdout and writes it to OUTDIR/modules.txt;
also writes OUTDIR/go.sum (the h1: hashes of every zip and go.mod, as `go mod download` computes them).
Standard library only.
"""

import argparse
import base64
import calendar
import hashlib
import io
import json
import os
import sys
import tempfile
import time
import zipfile

# module path -> list of (version, RFC 3339 time, version sets it belongs to)
MODULES = {
    "example.com/hello": [
        ("v1.0.0", "2024-01-02T03:04:05Z", ("v1", "v2")),
        ("v1.1.0", "2024-02-03T04:05:06Z", ("v1", "v2")),
        ("v1.2.0", "2024-03-04T05:06:07Z", ("v2",)),
    ],
    "github.com/Azure/go-widget": [
        ("v0.9.0", "2023-11-12T13:14:15Z", ("v1", "v2")),
        ("v1.0.0", "2024-01-15T10:00:00Z", ("v1", "v2")),
    ],
    "golang.org/x/demo": [
        ("v0.1.0", "2023-06-01T00:00:00Z", ("v1", "v2")),
        ("v0.2.0", "2023-09-01T00:00:00Z", ("v1", "v2")),
        ("v0.3.0", "2024-01-01T00:00:00Z", ("v1", "v2")),
    ],
    "example.com/big": [
        ("v1.0.0", "2024-01-20T12:00:00Z", ("v1", "v2")),
    ],
}
BIG_MODULE = "example.com/big"
BIG_SIZE = 2 * 1024 * 1024  # bytes of incompressible payload in example.com/big

LICENSE = """Copyright (c) 2024 The proxywatch test fixtures

Permission is hereby granted, free of charge, to any person obtaining a copy of this software, to deal
in the software without restriction. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
(MIT License)
"""


def case_encode(s):
    """Module proxy case encoding: every capital letter becomes '!' + its lower case."""
    return "".join("!" + c.lower() if "A" <= c <= "Z" else c for c in s)


def semver_key(v):
    core, _, pre = v.lstrip("v").partition("-")
    nums = tuple(int(x) for x in core.split("."))
    return nums + ((1,) if not pre else (0, pre))


def rfc3339_to_epoch(t):
    return calendar.timegm(time.strptime(t, "%Y-%m-%dT%H:%M:%SZ"))


def package_name(module):
    last = module.rsplit("/", 1)[-1]
    if last.startswith("go-"):
        last = last[3:]
    return "".join(c for c in last.lower() if c.isalnum()) or "pkg"


def gomod(module):
    return "module %s\n\ngo 1.21\n" % module


def info_json(version, t):
    return json.dumps({"Version": version, "Time": t}, separators=(",", ":"))


def big_payload(module, version, size):
    """Deterministic, incompressible bytes: SHA-256 in counter mode."""
    seed = ("%s@%s" % (module, version)).encode()
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


def h1(named_contents):
    """dirhash Hash1 (what go.sum records): sha256 over "hex(sha256(content))  name\\n" lines sorted by name."""
    lines = "".join("%s  %s\n" % (hashlib.sha256(data).hexdigest(), name) for name, data in sorted(named_contents))
    return "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()


def zip_h1(zip_bytes):
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        return h1((n, zf.read(n)) for n in zf.namelist())


def module_zip(module, version, t):
    pkg = package_name(module)
    files = {
        "go.mod": gomod(module).encode(),
        "LICENSE": LICENSE.encode(),
        pkg + ".go": (
            "// Package %s is a proxywatch test fixture.\npackage %s\n\n"
            "// Version is the module version this file was published with.\n"
            'const Version = "%s"\n' % (pkg, pkg, version)
        ).encode(),
    }
    if module == BIG_MODULE:
        files["data/blob.bin"] = big_payload(module, version, BIG_SIZE)
    ts = time.gmtime(rfc3339_to_epoch(t))
    date_time = (max(ts.tm_year, 1980), ts.tm_mon, ts.tm_mday, ts.tm_hour, ts.tm_min, ts.tm_sec)
    prefix = "%s@%s/" % (module, version)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            zi = zipfile.ZipInfo(prefix + name, date_time=date_time)
            zi.create_system = 3  # unix
            zi.external_attr = 0o100644 << 16
            # the random blob does not compress: store it; deflate the text files like the go command does
            zi.compress_type = zipfile.ZIP_STORED if name.endswith(".bin") else zipfile.ZIP_DEFLATED
            zf.writestr(zi, files[name], compresslevel=9 if zi.compress_type == zipfile.ZIP_DEFLATED else None)
    return buf.getvalue()


def put(path, data, mtime, stats):
    """Write data atomically if it differs from what is there; pin the mtime."""
    try:
        with open(path, "rb") as f:
            same = f.read() == data
    except FileNotFoundError:
        same = False
    if not same:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.utime(tmp, (mtime, mtime))
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        stats["written"] += 1
    else:
        stats["unchanged"] += 1
        if int(os.stat(path).st_mtime) != mtime:
            os.utime(path, (mtime, mtime))


def build(outdir, version_set):
    stats = {"written": 0, "unchanged": 0, "removed": 0}
    listing = []
    sums = []
    for module in sorted(MODULES):
        versions = sorted((v for v in MODULES[module] if version_set in v[2]), key=lambda v: semver_key(v[0]))
        mdir = os.path.join(outdir, case_encode(module))
        vdir = os.path.join(mdir, "@v")
        wanted = set()
        for version, t, _ in versions:
            ev = case_encode(version)
            mtime = rfc3339_to_epoch(t)
            zip_bytes = module_zip(module, version, t)
            for ext, data in (
                (".info", info_json(version, t).encode()),
                (".mod", gomod(module).encode()),
                (".zip", zip_bytes),
            ):
                put(os.path.join(vdir, ev + ext), data, mtime, stats)
                wanted.add(ev + ext)
            listing.append("%s@%s" % (module, version))
            sums.append("%s %s %s\n" % (module, version, zip_h1(zip_bytes)))
            sums.append("%s %s/go.mod %s\n" % (module, version, h1([("go.mod", gomod(module).encode())])))
        newest_version, newest_time, _ = versions[-1]
        newest_mtime = rfc3339_to_epoch(newest_time)
        put(os.path.join(vdir, "list"), "".join(v[0] + "\n" for v in versions).encode(), newest_mtime, stats)
        wanted.add("list")
        put(os.path.join(mdir, "@latest"), info_json(newest_version, newest_time).encode(), newest_mtime, stats)
        # withdraw versions of this module that are not in the chosen set (v2 -> v1)
        for name in sorted(os.listdir(vdir)):
            if name not in wanted and not name.startswith("."):
                os.unlink(os.path.join(vdir, name))
                stats["removed"] += 1
    text = "".join(line + "\n" for line in listing)
    put(os.path.join(outdir, "modules.txt"), text.encode(), 1704164645, stats)  # 2024-01-02T03:04:05Z
    put(os.path.join(outdir, "go.sum"), "".join(sums).encode(), 1704164645, stats)
    return text, stats


def main(argv):
    ap = argparse.ArgumentParser(description="Write a deterministic GOPROXY directory tree for tests.")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("--version-set", choices=("v1", "v2"), default="v1",
                    help="v2 adds example.com/hello v1.2.0 (a new release at the origin)")
    args = ap.parse_args(argv)
    outdir = os.path.abspath(args.outdir)
    os.makedirs(outdir, exist_ok=True)
    text, stats = build(outdir, args.version_set)
    print("goproxy-tree.py: %s (version set %s): %d files written, %d unchanged, %d removed"
          % (outdir, args.version_set, stats["written"], stats["unchanged"], stats["removed"]), file=sys.stderr)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
