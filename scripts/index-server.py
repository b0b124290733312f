#!/usr/bin/python3
"""A local stand-in for the Go module index (index.golang.org) for tests and the demo.

Usage: scripts/index-server.py FILE PORT

Serves GET /index?since=<RFC 3339>&limit=<1..2000> from FILE, one JSON object per line
({"Path", "Version", "Timestamp"}, oldest first), as the real index does: the entries whose Timestamp is at or
after `since`, at most `limit` of them. FILE is read again on every request, so appending a line (scripts/cdn.sh
publish does) publishes a release. Also /_proxywatch/health. Listens on 127.0.0.1 only. Standard library only.
"""

import datetime
import http.server
import json
import sys
import urllib.parse


def parse_time(text):
    # RFC 3339 with up to nanoseconds: keep microseconds for ordering (the index compares as time)
    text = text.strip().replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = head + "." + (digits + "000000")[:6] + zone
    return datetime.datetime.fromisoformat(text)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_proxywatch/health":
            return self.reply(200, "ok\n")
        if url.path != "/index":
            return self.reply(404, "not found\n")
        query = urllib.parse.parse_qs(url.query)
        try:
            since = parse_time(query.get("since", ["1970-01-01T00:00:00Z"])[0])
            limit = int(query.get("limit", ["2000"])[0])
        except ValueError as e:
            return self.reply(400, "bad request: %s\n" % e)
        limit = max(1, min(limit, 2000))
        lines = []
        try:
            with open(self.server.index_file, encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        entry = json.loads(line)
                        if parse_time(entry["Timestamp"]) < since:
                            continue
                    except (ValueError, KeyError, TypeError):
                        pass  # a hostile line is served as it is: the collector must cope
                    lines.append(line)
                    if len(lines) >= limit:
                        break
        except FileNotFoundError:
            pass
        self.reply(200, "".join(l + "\n" for l in lines))

    def reply(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: index-server.py FILE PORT")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler)
    server.index_file = sys.argv[1]
    server.serve_forever()


if __name__ == "__main__":
    main()
