"""A WebSub hub on loopback, written for the tests from the W3C
Recommendation (https://www.w3.org/TR/websub/, sections 5-7): subscription
requests (POST, form-encoded hub.mode, hub.topic, hub.callback, hub.secret,
hub.lease_seconds) answered 202 and verified asynchronously by a GET to the
callback with a random hub.challenge that must come back verbatim; content
distribution (POST of the topic's content to each verified subscriber whose
lease runs, with Link headers and X-Hub-Signature: sha256=HMAC(secret,
body)); leases that end."""

import hashlib
import hmac
import http.server
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class Hub:
    def __init__(self, lease_seconds=3600):
        self.lease_seconds = lease_seconds  # the most it grants
        self.refuse = False  # answer subscription requests 503
        self.subscriptions = {}  # (topic, callback) -> {"secret", "lease_end"}
        self.log = []  # (time, mode, topic, result)
        self.lock = threading.Lock()
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
                status = hub._request(form)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hub"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _request(self, form):
        mode, topic, callback = form.get("hub.mode"), form.get("hub.topic"), form.get("hub.callback")
        if self.refuse:
            with self.lock:
                self.log.append((time.time(), mode, topic, "refused"))
            return 503
        if mode not in ("subscribe", "unsubscribe") or not topic or not callback:
            return 400
        # Verification of intent happens after the 202, on its own thread.
        threading.Thread(target=self._verify, args=(form,), daemon=True).start()
        return 202

    def _verify(self, form):
        mode, topic, callback = form["hub.mode"], form["hub.topic"], form["hub.callback"]
        lease = min(int(form.get("hub.lease_seconds", self.lease_seconds)), self.lease_seconds)
        challenge = secrets.token_hex(16)
        query = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge}
        if mode == "subscribe":
            query["hub.lease_seconds"] = str(lease)
        sep = "&" if "?" in callback else "?"
        try:
            with urllib.request.urlopen(callback + sep + urllib.parse.urlencode(query),
                                        timeout=5) as r:
                ok = 200 <= r.status < 300 and r.read().decode() == challenge
        except (urllib.error.URLError, OSError):
            ok = False
        with self.lock:
            self.log.append((time.time(), mode, topic, "verified" if ok else "unverified"))
            if not ok:
                return
            if mode == "subscribe":
                self.subscriptions[(topic, callback)] = {
                    "secret": form.get("hub.secret", ""), "lease_end": time.time() + lease}
            else:
                self.subscriptions.pop((topic, callback), None)

    def verified(self, topic, mode="subscribe"):
        with self.lock:
            return sum(1 for _, m, t, r in self.log if m == mode and t == topic and r == "verified")

    def active(self, topic):
        with self.lock:
            return [cb for (t, cb), s in self.subscriptions.items()
                    if t == topic and s["lease_end"] > time.time()]

    def publish(self, topic, body, content_type="application/rss+xml", forge=False):
        """Delivers `body` to every subscriber of `topic` whose lease runs;
        returns their HTTP statuses. `forge` signs with a wrong secret."""
        with self.lock:
            subs = [(cb, s["secret"]) for (t, cb), s in self.subscriptions.items()
                    if t == topic and s["lease_end"] > time.time()]
        statuses = []
        for callback, secret in subs:
            key = (secrets.token_hex(16) if forge else secret).encode()
            sig = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
            req = urllib.request.Request(callback, data=body, method="POST", headers={
                "Content-Type": content_type, "X-Hub-Signature": sig,
                "Link": f'<{self.url}>; rel="hub", <{topic}>; rel="self"'})
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    statuses.append(r.status)
            except urllib.error.HTTPError as e:
                statuses.append(e.code)
            except OSError:
                statuses.append(0)
        return statuses

    def stop(self):
        self.httpd.shutdown()
