"""Shared pieces of the end-to-end tests: a feed server on 127.0.0.1, the
`newsd broker` process, kcat as the Kafka client, config files, assertions.

Everything here is a real process or a real socket: the tests never look
inside newsd, they read what a user would read (Kafka topics, CLI output,
logs, the systemd notify socket)."""

import argparse
import gzip
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

FAILURES = []
PASSES = 0


def check(cond, what):
    global PASSES
    if cond:
        PASSES += 1
    else:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)


def finish(name):
    print(f"{name}: {PASSES} passed, {len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--newsd", required=True)
    p.add_argument("--source", required=True)
    return p.parse_args()


def http_get(url):
    """(status, body) of a GET on the admin listener; status 0 when the
    connection itself fails."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return 0, str(e)


def free_port():
    """A loopback port nobody listens on now (for a listener whose address
    must be known before it starts)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def raw_request(address, text):
    """Sends `text` as it is to "host:port" (or "http://host:port") and
    returns the status line of the answer ("" when there is none)."""
    host, port = address.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(text.encode())
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n")[0].decode(errors="replace")


def wait_until(pred, timeout, step=0.1):
    """Asks pred every `step` seconds until it is true or `timeout` seconds
    have passed; returns its last answer."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def read_text(path):
    with open(path, errors="replace") as f:
        return f.read()


def metric(text, series):
    """The value of one Prometheus series in a /metrics page, or None."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return None


class FeedServer:
    """Serves routes {path: handler(request) -> (status, headers, body)} on a
    free loopback port. Handlers see the request headers; the server records
    every request."""

    def __init__(self, routes, host="127.0.0.1"):
        self.routes = routes
        self.host = host
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = route(self)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if callable(body):
                        # A streaming body: the callable writes until the
                        # client goes away; the connection ends with it.
                        self.send_header("Connection", "close")
                        self.end_headers()
                        body(self.wfile)
                        return
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A client that hangs up (a killed daemon, a hostile test
                # client) is part of the tests, not an error of the server.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.httpd = Server((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path):
        return sum(1 for p, _ in self.requests if p == path)

    def stop(self):
        self.httpd.shutdown()


def static(body, content_type="application/rss+xml", etag=None, gz=False):
    """A route serving fixed bytes, with optional ETag (answering 304) and gzip."""

    def handler(req):
        if etag and req.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        data = body
        if gz:
            data = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return 200, headers, data

    return handler


class GrowingFeed:
    """A feed route that adds `per_poll` new items on every request until
    `frozen`, lists the newest `window`, and answers 304 to its current
    ETag. Every item is its own story: lower-case random words, no names to
    cluster on, no shingles in common. `items` is everything ever served:
    (title, link, text)."""

    WORDS = ("harbour council river bridge minister election storm port union strike court "
             "ruling budget vaccine drought festival airline merger tariff reservoir").split()

    def __init__(self, per_poll, window):
        self.per_poll = per_poll
        self.window = window
        self.items = []
        self.frozen = False

    def _add(self):
        n = len(self.items) + 1
        rnd = random.Random(n)
        text = " ".join(rnd.choice(self.WORDS) + str(rnd.randint(0, 999999)) for _ in range(120))
        self.items.append((f"Bulletin {n} on the {rnd.choice(self.WORDS)}", f"http://example.org/b/{n}", text))

    def __call__(self, req):
        if not self.frozen:
            for _ in range(self.per_poll):
                self._add()
        etag = f'"{len(self.items)}"'
        if req.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        body = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Growing</title>'
                '<link>http://example.org/</link>']
        for title, link, text in self.items[-self.window:]:
            body.append(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                        f"<description>{text}</description></item>")
        body.append("</channel></rss>")
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, "".join(body).encode()


def fixture(source, name):
    with open(os.path.join(source, "tests", "data", "feeds", name), "rb") as f:
        return f.read()


class Broker:
    """`newsd broker` in its own process: a real Kafka protocol endpoint."""

    def __init__(self, newsd, workdir, partitions=None):
        self.file = os.path.join(workdir, "bootstrap")
        extra = ["--partitions", str(partitions)] if partitions else []
        self.proc = subprocess.Popen([newsd, "broker", "--bootstrap-file", self.file, *extra],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 15
        while not os.path.exists(self.file):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("newsd broker did not start: " + self.proc.stderr.read().decode())
            time.sleep(0.05)
        self.bootstrap = open(self.file).read().strip()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def schema_errors(source, kind, value):
    """Messages of every way `value` breaks docs/schemas/newsd.<kind>-1.json
    (kind "event" or "story"), checked by python3-jsonschema; [] when valid."""
    import jsonschema
    path = os.path.join(source, "docs", "schemas", f"newsd.{kind}-1.json")
    with open(path) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(value)]


def kcat_headers(bootstrap, topic, timeout=20):
    """The headers of every message of a topic as kcat prints them with
    -f '%h' (name=value pairs, comma-separated): [{name: value}]."""
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-e", "-q",
                          "-f", "%k\t%h\n"],
                         capture_output=True, text=True, timeout=timeout)
    result = []
    for line in out.stdout.splitlines():
        if not line.strip():
            continue
        key, _, headers = line.partition("\t")
        pairs = dict(h.split("=", 1) for h in headers.split(",") if "=" in h)
        pairs["_key"] = key
        result.append(pairs)
    return result


def kcat(bootstrap, topic, timeout=20):
    """Every message of a topic, read by kcat: [{key, payload, partition, offset}]."""
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-e", "-J", "-q",
                          "-X", "topic.metadata.refresh.interval.ms=1000"],
                         capture_output=True, text=True, timeout=timeout)
    msgs = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if line:
            msgs.append(json.loads(line))
    return msgs


def latest_by_key(msgs):
    """What a compacted topic keeps: the last message of each key."""
    latest = {}
    for m in sorted(msgs, key=lambda m: (m["partition"], m["offset"])):
        latest[m["key"]] = json.loads(m["payload"])
    return latest


def write_config(path, store, brokers, feeds, extra=""):
    lines = [f'[store]\npath = "{store}"\nsync = false\n',
             f'[kafka]\nbrokers = "{brokers}"\n{extra}\n',
             '[fetch]\ntimeout = "3s"\nconnect_timeout = "2s"\n',
             '[api]\nlisten = ""\n']
    for url, name in feeds:
        lines.append(f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n')
    with open(path, "w") as f:
        f.write("\n".join(lines))


def run(newsd, *args, timeout=120, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run([newsd, *args], capture_output=True, text=True, timeout=timeout, env=e)


def main_wrapper(name, body):
    args = parse_args()
    work = tempfile.mkdtemp(prefix="newsd-" + name + "-")
    try:
        body(args, work)
    except Exception:
        traceback.print_exc()
        FAILURES.append("exception")
    finally:
        if os.environ.get("NEWSD_KEEP_WORK"):
            print("work dir kept: " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    finish(name)
