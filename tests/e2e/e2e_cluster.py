#!/usr/bin/env python3
"""End to end: cluster mode's feeds registry (docs/scaling.md, step 1)
against `newsd broker`, read with kcat. `newsd feeds add/import/remove`
write the registry topic (a record per feed, a tombstone to remove one,
every feed of a host in one partition); `newsd run` publishes its TOML
feeds there and polls what the registry lists; a second instance with no
feeds of its own polls the same list; a running daemon picks up a feed
added meanwhile without a reload. Configs that cannot work are refused
with a clear error."""

import json
import os
import signal
import subprocess
import time

from harness import Broker, FeedServer, check, fixture, main_wrapper, run, static, wait_until


def registry(bootstrap):
    """Every record of newsd.feeds, in order: (partition, key, payload or None)."""
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", "newsd.feeds", "-e", "-J", "-q"],
                         capture_output=True, text=True, timeout=30)
    recs = []
    for line in out.stdout.splitlines():
        if line.strip():
            m = json.loads(line)
            recs.append((m["partition"], m["key"], m["payload"]))
    return recs


def latest(recs):
    state = {}
    for _, key, payload in recs:
        if payload:
            state[key] = json.loads(payload)
        else:
            state.pop(key, None)
    return state


def body(args, work):
    src, newsd = args.source, args.newsd
    server = FeedServer({
        "/a.xml": static(fixture(src, "syndicated_1.xml")),
        "/b.xml": static(fixture(src, "syndicated_2.xml"), "application/atom+xml"),
        "/c.xml": static(fixture(src, "syndicated_3.xml")),
        "/d.xml": static(fixture(src, "repeated_story.xml")),
    })
    broker = Broker(newsd, work)
    url_a, url_b, url_d = server.url("/a.xml"), server.url("/b.xml"), server.url("/d.xml")
    url_c = server.url("/c.xml").replace("127.0.0.1", "localhost")  # another host

    def config(name, toml_feeds, extra=""):
        path = os.path.join(work, name + ".toml")
        with open(path, "w") as f:
            f.write(f'[store]\npath = "{work}/store-{name}"\nsync = false\n'
                    f'[kafka]\nbrokers = "{broker.bootstrap}"\n'
                    f'[http]\nlisten = ""\n[api]\nlisten = ""\n'
                    f'[cluster]\ninstance_id = "{name}"\nsession_timeout = "6s"\n{extra}'
                    + "".join(f'[[feeds]]\nurl = "{u}"\nname = "{n}"\n' for u, n in toml_feeds))
        return path

    try:
        one = config("one", [(url_a, "Feed A")])
        r = run(newsd, "feeds", "add", url_b, "--name", "Feed B", "--config", one)
        check(r.returncode == 0 and "added 1" in r.stdout, f"feeds add: {r.stdout} {r.stderr}")
        state = latest(registry(broker.bootstrap))
        check(state.get(url_b, {}).get("name") == "Feed B",
              f"the registry holds the added feed with its settings: {state}")

        opml = os.path.join(work, "more.opml")
        with open(opml, "w") as f:
            f.write('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
                    f'<outline type="rss" text="Feed C" xmlUrl="{url_c}"/>'
                    f'<outline type="rss" text="Feed B again" xmlUrl="{url_b}"/></body></opml>')
        r = run(newsd, "feeds", "import", opml, "--config", one)
        check(r.returncode == 0 and "added 1, already present 1" in r.stdout,
              f"feeds import skips what the registry lists: {r.stdout} {r.stderr}")

        r = run(newsd, "run", "--once", "--config", one)
        check(r.returncode == 0, f"run --once in cluster mode exits 0: {r.stderr[-1500:]}")
        check("cluster: published 1 feeds of the config" in r.stderr, "the TOML feed is published")
        for path in ("/a.xml", "/b.xml", "/c.xml"):
            check(server.count(path) == 1, f"{path} polled once (got {server.count(path)})")
        recs = registry(broker.bootstrap)
        state = latest(recs)
        check(set(state) == {url_a, url_b, url_c}, f"the registry lists three feeds: {set(state)}")
        parts = {key: p for p, key, _ in recs}
        check(parts.get(url_a) == parts.get(url_b),
              f"feeds of one host share a partition: {parts}")

        r = run(newsd, "feeds", "export", "--config", one)
        check(all(u in r.stdout for u in (url_a, url_b, url_c)), f"feeds export: {r.stdout}")

        r = run(newsd, "feeds", "remove", url_b, "--config", one)
        check(r.returncode == 0, f"feeds remove: {r.stdout} {r.stderr}")
        # kcat prints partition after partition: the order within url_b's
        # partition is what counts.
        of_b = [rec for rec in registry(broker.bootstrap) if rec[1] == url_b]
        check(of_b and of_b[-1][2] is None, f"removing writes a tombstone: {of_b[-1:]}")
        r = run(newsd, "feeds", "remove", url_b, "--config", one)
        check(r.returncode == 1 and "is not in newsd.feeds" in r.stderr,
              f"removing it again: {r.stderr}")

        # A second instance with no feeds of its own polls the registry's.
        two = config("two", [])
        r = run(newsd, "run", "--once", "--config", two)
        check(r.returncode == 0, f"second instance runs: {r.stderr[-1500:]}")
        check(server.count("/a.xml") == 2 and server.count("/c.xml") == 2 and
              server.count("/b.xml") == 1, "it polls what the registry lists, not the removed feed")

        # A running daemon picks up a feed added meanwhile, without a reload.
        log_path = os.path.join(work, "two.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen([newsd, "run", "--config", two], stdout=log, stderr=log)
        try:
            # (One partition after the other: "1 feeds", then "2 feeds".)
            check(wait_until(lambda: "cluster: 2 feeds (" in open(log_path).read(), 30),
                  "the daemon polls the registry's two feeds once the group assigns them")
            r = run(newsd, "feeds", "add", url_d, "--name", "Feed D", "--config", one)
            check(r.returncode == 0, f"feeds add while running: {r.stderr}")
            check(wait_until(lambda: server.count("/d.xml") >= 1, 20),
                  "the added feed reaches the instance that owns its host")
        finally:
            proc.send_signal(signal.SIGTERM)
            check(proc.wait(30) == 0, "SIGTERM: exit 0")

        # What cannot work is refused.
        for extra, words in [('role = "sideways"\n', 'must be "all"'),
                             ('items_topic = "newsd.feeds"\n', "a topic of its own")]:
            bad = config("bad", [], extra)
            r = run(newsd, "check-config", bad)
            check(r.returncode == 2 and words in r.stderr, f"{extra.strip()}: {r.stderr}")
        bad = os.path.join(work, "embedded.toml")
        with open(bad, "w") as f:
            f.write('[kafka]\nbrokers = "embedded"\n[cluster]\n')
        r = run(newsd, "check-config", bad)
        check(r.returncode == 2 and "needs real brokers" in r.stderr, f"embedded: {r.stderr}")
    finally:
        broker.stop()
        server.stop()


if __name__ == "__main__":
    main_wrapper("e2e_cluster", body)
