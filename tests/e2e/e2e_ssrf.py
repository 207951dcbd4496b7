#!/usr/bin/env python3
"""The SSRF guard against a redirect from a public address to loopback.

A feed whose first hop is public and whose redirect points at 127.0.0.1 is
the attack the guard exists for, and 127.0.0.1 alone cannot stage it: the
first hop would already be private. So the test runs in a network namespace
of its own (`unshare --net`, needs root; without it the test is skipped
with exit 77, which CI refuses), puts a documentation address (TEST-NET-3,
203.0.113.7, not in any private range) on that namespace's loopback, and
serves from it:

  /public.xml  a feed, fetched directly: the guard lets a public address by
  /hop.xml     302 to http://127.0.0.1:PORT/secret.xml
  /secret.xml  a feed that must never be requested

`newsd run --once` with `block_private_addresses = true` (as the packaged
config sets it) then
must have fetched the public feed, refused the redirect with the blocked
address named, never asked for the secret, and published nothing of it."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, run  # noqa: E402

PUBLIC = "203.0.113.7"
MARKER = "NEWSD_E2E_IN_NETNS"


def enter_namespace():
    """Re-runs this script inside a fresh network namespace; returns only
    when already inside one."""
    if os.environ.get(MARKER):
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        subprocess.run(["ip", "addr", "add", PUBLIC + "/32", "dev", "lo"], check=True)
        return
    if os.geteuid() != 0 or subprocess.run(["unshare", "--net", "true"],
                                           capture_output=True).returncode != 0:
        print("e2e_ssrf: no network namespace here (needs root and unshare): skipped")
        sys.exit(77)
    env = dict(os.environ, **{MARKER: "1"})
    sys.exit(subprocess.run(["unshare", "--net", sys.executable, *sys.argv], env=env).returncode)


def rss(title, link):
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f'<item><title>{title} item</title><link>{link}</link><guid>{link}</guid>'
            f'<description>Port officials in Valdora said the ferry resumed service.</description>'
            f'</item></channel></rss>').encode()


def body(args, work):
    server = harness.FeedServer({}, host="0.0.0.0")
    port = server.port
    server.routes.update({
        "/public.xml": harness.static(rss("Public", "https://public.example/1")),
        "/hop.xml": lambda req: (302, {"Location": f"http://127.0.0.1:{port}/secret.xml"}, b""),
        "/secret.xml": harness.static(rss("Secret", "https://secret.example/1")),
    })
    broker = harness.Broker(args.newsd, work)
    try:
        cfg = os.path.join(work, "newsd.toml")
        harness.write_config(cfg, os.path.join(work, "store"), broker.bootstrap,
                             [(f"http://{PUBLIC}:{port}/public.xml", "Public"),
                              (f"http://{PUBLIC}:{port}/hop.xml", "Hop")])
        with open(cfg) as f:
            text = f.read()
        with open(cfg, "w") as f:
            f.write(text.replace("[fetch]\n", "[fetch]\nblock_private_addresses = true\n"))
        r = run(args.newsd, "check-config", cfg)
        check(r.returncode == 0, f"config valid ({r.stderr.strip()})")
        r = run(args.newsd, "run", "--once", "--config", cfg)
        check(r.returncode == 0, f"run --once ({r.stderr[-400:]})")
        check(server.count("/public.xml") == 1, "the public address is fetched")
        check(server.count("/hop.xml") == 1, "the redirecting feed is asked once")
        check(server.count("/secret.xml") == 0, "the redirect to loopback is never followed "
              f"({server.count('/secret.xml')} requests)")
        listed = {j["name"]: j for j in map(
            json.loads, run(args.newsd, "feeds", "list", "--json", "--config", cfg).stdout.splitlines())}
        hop = listed.get("Hop", {})
        error = hop.get("last_error") or ""
        check("127.0.0.1" in error and "block_private_addresses" in error,
              f"the refusal names the blocked address and the setting ({hop})")
        check(listed.get("Public", {}).get("status") == "ok", f"the public feed is ok ({listed.get('Public')})")
        check("127.0.0.1" in r.stderr and "Hop" in r.stderr, "the refusal is logged")
        stories = harness.kcat(broker.bootstrap, "news.stories")
        published = [json.loads(m["payload"]) for m in stories]
        check([s["headline"] for s in published] == ["Public item"] and published[0]["feeds"] == ["Public"],
              f"the public item alone is published ({published})")
    finally:
        broker.stop()
        server.stop()


if __name__ == "__main__":
    enter_namespace()
    harness.main_wrapper("e2e_ssrf", body)
