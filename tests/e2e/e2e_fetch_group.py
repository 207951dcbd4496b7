#!/usr/bin/env python3
"""End to end: cluster mode's fetch group (docs/scaling.md, step 2) with
`newsd broker`. Two instances share 40 feeds on 8 hosts (127.0.0.1-8, one
test server): every feed is polled, and only ever by one instance, every
host by one instance; each feed's state reaches newsd.feed-state. Killed
with SIGKILL, one instance's feeds go to the other within the session
timeout, and the survivor continues from their validators: its first poll
of each is conditional and answered 304, not 200. The server's log (time,
host, path, User-Agent naming the instance, status) is the evidence."""

import json
import os
import signal
import subprocess
import threading
import time

from harness import (Broker, FeedServer, check, free_port, http_get, main_wrapper, metric, run,
                     wait_until)

HOSTS = [f"127.0.0.{i}" for i in range(1, 9)]
SESSION_TIMEOUT = 6


def feed_body(host, n):
    # Long enough that full text does not fetch the (absent) article pages.
    items = "".join(
        f"<item><title>Notice {n}-{k} from {host}</title><link>http://{host}/n/{n}/{k}</link>"
        f"<guid>http://{host}/n/{n}/{k}</guid><description>The port office of district {n} "
        f"posted schedule {k} for the {host.replace('.', ' ')} quay. "
        + " ".join(f"Berth {n}{k}{w} opens at dawn." for w in range(20)) + "</description></item>"
        for k in range(2))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
            f"<link>http://{host}/</link>{items}</channel></rss>").encode()


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (time, feed url, instance, status)

    def add(self, row):
        with self.lock:
            self.rows.append(row)

    def snapshot(self):
        with self.lock:
            return list(self.rows)


def body(args, work):
    log = Log()
    routes, urls = {}, []
    server = FeedServer(routes, host="0.0.0.0")
    for i in range(40):
        host = HOSTS[i % len(HOSTS)]
        path = f"/feed{i}.xml"
        url = f"http://{host}:{server.port}{path}"
        urls.append(url)

        def handler(req, url=url, path=path):
            # One route per path; the host is the request's.
            host_now = req.headers.get("Host", "").split(":")[0]
            ua = req.headers.get("User-Agent", "")
            instance = ua.split("instance=")[-1] if "instance=" in ua else "?"
            n = int(path[5:-4])
            real = f"http://{host_now}:{server.port}{path}"
            etag = f'"v-{n}"'
            status = 304 if req.headers.get("If-None-Match") == etag else 200
            log.add((time.time(), real, instance, status))
            if status == 304:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, feed_body(host_now, n)

        routes[path] = handler
    broker = Broker(args.newsd, work, partitions=4)
    newsd = args.newsd

    def config(name, port):
        path = os.path.join(work, name + ".toml")
        with open(path, "w") as f:
            f.write(f'[store]\npath = "{work}/store-{name}"\nsync = false\n'
                    f'[kafka]\nbrokers = "{broker.bootstrap}"\n'
                    f'[http]\nlisten = "127.0.0.1:{port}"\n[api]\nlisten = ""\n'
                    f'[fetch]\nuser_agent = "newsd-test instance={name}"\ntimeout = "3s"\n'
                    '[schedule]\nadaptive = false\ndefault_interval = "2s"\nmin_interval = "1s"\n'
                    'jitter = 0.0\n'
                    f'[cluster]\ninstance_id = "{name}"\nsession_timeout = "{SESSION_TIMEOUT}s"\n')
        return path

    procs = {}
    try:
        ports = {"a": free_port(), "b": free_port()}
        configs = {n: config(n, p) for n, p in ports.items()}
        opml = os.path.join(work, "feeds.opml")
        with open(opml, "w") as f:
            f.write('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    + "".join(f'<outline type="rss" text="Feed {i}" xmlUrl="{u}"/>'
                              for i, u in enumerate(urls)) + "</body></opml>")
        r = run(newsd, "feeds", "import", opml, "--config", configs["a"])
        check(r.returncode == 0 and "added 40" in r.stdout, f"import: {r.stdout} {r.stderr}")

        logs = {}
        for name in ("a", "b"):
            logs[name] = os.path.join(work, name + ".log")
            with open(logs[name], "w") as out:
                procs[name] = subprocess.Popen([newsd, "run", "--config", configs[name]],
                                               stdout=out, stderr=out)

        def owners(rows):
            by_feed = {}
            for _, url, inst, _ in rows:
                by_feed.setdefault(url, set()).add(inst)
            return by_feed

        check(wait_until(lambda: len(owners(log.snapshot())) == 40, 60),
              "every feed is polled once the group has assigned the partitions")
        time.sleep(8)  # a few 2 s intervals
        rows = log.snapshot()
        by_feed = owners(rows)
        shared = {u: s for u, s in by_feed.items() if len(s) > 1}
        check(not shared, f"no feed polled by two instances: {shared}")
        by_host = {}
        for _, url, inst, _ in rows:
            by_host.setdefault(url.split("/")[2].split(":")[0], set()).add(inst)
        check(all(len(s) == 1 for s in by_host.values()), f"one instance per host: {by_host}")
        mine = {n: {u for u, s in by_feed.items() if n in s} for n in ("a", "b")}
        check(mine["a"] and mine["b"], f"both instances poll feeds: {len(mine['a'])}, "
              f"{len(mine['b'])}")
        polls = {u: sum(1 for _, v, _, _ in rows if v == u) for u in urls}
        check(min(polls.values()) >= 3, f"each feed polled every interval: {sorted(polls.values())[:5]}")
        for name in ("a", "b"):
            text = http_get(f"http://127.0.0.1:{ports[name]}/metrics")[1]
            owned = metric(text, "newsd_cluster_partitions_owned")
            check(owned is not None and owned >= 1, f"{name} reports its partitions: {owned}")
            written = metric(text, "newsd_cluster_feed_states_written_total")
            check(written and written >= len(mine[name]),
                  f"{name} writes its feeds' states: {written}")

        out = subprocess.run(["kcat", "-b", broker.bootstrap, "-C", "-t", "newsd.feed-state", "-e",
                              "-J", "-q"], capture_output=True, text=True, timeout=30)
        states = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        keys = {m["key"] for m in states}
        check(keys == set(urls), f"every feed's state is in newsd.feed-state: {len(keys)}")
        check(all(json.loads(m["payload"]).get("etag") for m in states if m["key"] in keys),
              "the states carry the validators")
        parts = {}
        for m in states:
            parts.setdefault(m["key"].split("/")[2].split(":")[0], set()).add(m["partition"])
        check(all(len(p) == 1 for p in parts.values()), f"one partition per host: {parts}")
        sizes = [len(m["payload"]) for m in states]
        print(f"feed-state records: {len(states)} for {sum(polls.values())} polls so far, "
              f"mean {sum(sizes) / len(sizes):.0f} bytes")

        # SIGKILL b: a takes its feeds after the session timeout, from b's validators.
        killed_at = time.time()
        procs["b"].kill()
        procs["b"].wait()
        b_feeds = mine["b"]

        def taken():
            after = [(t, u, inst, st) for t, u, inst, st in log.snapshot() if t > killed_at]
            return {u for _, u, inst, _ in after if inst == "a"} >= b_feeds

        check(wait_until(taken, SESSION_TIMEOUT + 30), "a polls every feed b had")
        after = [(t, u, inst, st) for t, u, inst, st in log.snapshot() if t > killed_at]
        first = {}
        for t, u, inst, st in after:
            if u in b_feeds and inst == "a" and u not in first:
                first[u] = (t, st)
        takeover = max(t for t, _ in first.values()) - killed_at if first else None
        print(f"takeover: b's {len(b_feeds)} feeds polled by a within {takeover:.1f} s "
              f"of the SIGKILL (session timeout {SESSION_TIMEOUT} s)")
        check(takeover is not None and takeover <= SESSION_TIMEOUT + 15,
              f"takeover within the session timeout and a rebalance: {takeover}")
        not_304 = {u: st for u, (_, st) in first.items() if st != 304}
        check(not not_304, f"a continues from b's validators (304, not 200): {not_304}")
        check(not any(inst == "b" for _, _, inst, _ in after), "nothing polled as b after its death")
        text = http_get(f"http://127.0.0.1:{ports['a']}/metrics")[1]
        adopted = metric(text, "newsd_cluster_feed_states_adopted_total")
        check(adopted and adopted >= len(b_feeds), f"a adopted b's feed states: {adopted}")

        procs["a"].send_signal(signal.SIGTERM)
        check(procs["a"].wait(30) == 0, "SIGTERM: a exits 0")
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
        broker.stop()
        server.stop()
        if os.environ.get("NEWSD_KEEP_WORK"):
            for name in ("a", "b"):
                print(open(os.path.join(work, name + ".log")).read()[-3000:])


if __name__ == "__main__":
    main_wrapper("e2e_fetch_group", body)
