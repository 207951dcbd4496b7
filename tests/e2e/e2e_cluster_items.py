#!/usr/bin/env python3
"""End to end: cluster mode's items topic and processors (docs/scaling.md,
steps 2 to 5) with `newsd broker`, in the shape issue 18 asks for. Three
fetch instances share 60 growing feeds on 8 loopback hosts and publish
what they parse to newsd.items; two process instances both consume it and run the pipeline, one leads and
publishes the stories, the other stands by with the same state and drops
the outbox rows the leader reports delivered. While the feeds grow, one
fetcher and then the leading processor are killed with SIGKILL, the
survivors take over, and then the broker stops answering for 12 s. The
feed server logs every request with the instance named in its
User-Agent: every feed is polled, by one fetcher at a time. When the feeds stop growing and everything is
processed, what `news.stories` holds (the latest version of each story,
read with kcat) must add up to exactly the items the server served: none
lost, none counted twice, one story per item, whoever fetched, processed
or published it."""

import json
import os
import random
import signal
import subprocess
import threading
import time

from harness import (Broker, FeedServer, GrowingFeed, check, free_port, http_get, kcat,
                     latest_by_key, main_wrapper, metric, wait_until)

HOSTS = [f"127.0.0.{i}" for i in range(1, 9)]
FEEDS = 60
INTERVAL = 2  # seconds between polls of a feed
SESSION_TIMEOUT = 6
POLLS = []  # (time, feed index, instance) of every request, from the User-Agent
POLLS_LOCK = threading.Lock()


class DistinctFeed(GrowingFeed):
    """A growing feed whose items no other feed shares (its own numbers and
    words), so each item is a story of its own."""

    def __init__(self, index, per_poll, window):
        super().__init__(per_poll, window)
        self.index = index
        self.lock = threading.Lock()

    def _add(self):
        n = len(self.items) + 1
        rnd = random.Random(self.index * 1_000_003 + n)
        text = " ".join(rnd.choice(self.WORDS) + str(rnd.randint(0, 999999)) for _ in range(120))
        self.items.append((f"Bulletin {self.index}-{n} on the {rnd.choice(self.WORDS)}",
                           f"http://example.org/f{self.index}/{n}", text))

    def __call__(self, req):
        ua = req.headers.get("User-Agent", "")
        with POLLS_LOCK:
            POLLS.append((time.time(), self.index, ua.split("instance=")[-1]))
        with self.lock:
            return super().__call__(req)


def body(args, work):
    newsd = args.newsd
    feeds, routes, urls = [], {}, []
    server = FeedServer(routes, host="0.0.0.0")
    for i in range(FEEDS):
        feed = DistinctFeed(i, per_poll=1, window=40)
        feeds.append(feed)
        routes[f"/g{i}.xml"] = feed
        urls.append(f"http://{HOSTS[i % len(HOSTS)]}:{server.port}/g{i}.xml")
    broker = Broker(newsd, work, partitions=3)

    def config(name, role, port):
        path = os.path.join(work, name + ".toml")
        with open(path, "w") as f:
            f.write(f'[store]\npath = "{work}/store-{name}"\nsync = false\n'
                    f'[kafka]\nbrokers = "{broker.bootstrap}"\n'
                    f'[http]\nlisten = "127.0.0.1:{port}"\n[api]\nlisten = ""\n'
                    f'[fetch]\nuser_agent = "newsd-test instance={name}"\ntimeout = "3s"\n'
                    f'[schedule]\nadaptive = false\ndefault_interval = "{INTERVAL}s"\n'
                    'min_interval = "1s"\njitter = 0.0\n'
                    f'[cluster]\nrole = "{role}"\ninstance_id = "{name}"\n'
                    f'session_timeout = "{SESSION_TIMEOUT}s"\n')
        return path

    procs, logs, ports = {}, {}, {}

    def start(name, role):
        ports[name] = free_port()
        cfg = config(name, role, ports[name])
        logs[name] = os.path.join(work, name + ".log")
        out = open(logs[name], "a")
        procs[name] = subprocess.Popen([newsd, "run", "--config", cfg], stdout=out, stderr=out)
        return cfg

    def gauge(name, series):
        text = http_get(f"http://127.0.0.1:{ports[name]}/metrics")[1]
        return metric(text, series) or 0

    def processed(name):
        return gauge(name, "newsd_cluster_items_processed_total")

    try:
        opml = os.path.join(work, "feeds.opml")
        with open(opml, "w") as f:
            f.write('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    + "".join(f'<outline type="rss" text="Growing {i}" xmlUrl="{u}"/>'
                              for i, u in enumerate(urls)) + "</body></opml>")
        cfg = start("p1", "process")
        r = subprocess.run([newsd, "feeds", "import", opml, "--config", cfg],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and f"added {FEEDS}" in r.stdout, f"import: {r.stdout} {r.stderr}")
        start("p2", "process")
        for name in ("f1", "f2", "f3"):
            start(name, "fetch")

        served = lambda: sum(len(f.items) for f in feeds)
        # The group forms as the fetchers join, one rebalance per member; a
        # feed may change hands until each fetcher owns its partition.
        started_at = time.time()
        fetchers = ("f1", "f2", "f3")
        check(wait_until(lambda: all(gauge(n, "newsd_cluster_partitions_owned") == 1
                                     for n in fetchers), 90),
              "each fetcher owns one of the 3 partitions: "
              f"{[gauge(n, 'newsd_cluster_partitions_owned') for n in fetchers]}")
        formed_at = time.time() + 1  # a request already on its way when the group settled
        print(f"fetch group formed {formed_at - 1 - started_at:.1f} s after the fetchers started")
        after = lambda: [(t, i, inst) for t, i, inst in list(POLLS) if t > formed_at]
        polled = lambda: {i for _, i, _ in after()}
        check(wait_until(lambda: len(polled()) == FEEDS and
                         min(sum(1 for _, i, _ in after() if i == j) for j in range(FEEDS)) >= 2,
                         90),
              f"every feed is polled, twice, once the group formed ({len(polled())} of {FEEDS})")
        owners = {}
        for _, i, inst in after():
            owners.setdefault(i, set()).add(inst)
        check(all(len(o) == 1 for o in owners.values()),
              f"each feed polled by one fetcher: {[(i, o) for i, o in owners.items() if len(o) > 1]}")
        f1_feeds = {i for i, o in owners.items() if o == {"f1"}}
        check(f1_feeds and len({inst for o in owners.values() for inst in o}) >= 2,
              f"the fetchers share the feeds ({len(f1_feeds)} with f1)")
        check(wait_until(lambda: processed("p1") + processed("p2") >= 40, 60),
              "a processor processes what the fetchers published")
        check(wait_until(lambda: processed("p1") >= 40 and processed("p2") >= 40, 60),
              "both processors process every item (a warm standby)")
        check(wait_until(lambda: gauge("p1", "newsd_cluster_leader") +
                         gauge("p2", "newsd_cluster_leader") == 1, 30), "exactly one leads")
        leader = "p1" if gauge("p1", "newsd_cluster_leader") == 1 else "p2"
        standby = "p2" if leader == "p1" else "p1"
        check(wait_until(lambda: gauge(standby, "newsd_cluster_outbox_dropped_total") > 0, 30),
              "the standby drops the rows the leader reports delivered")
        depth = gauge(standby, "newsd_outbox_depth")
        check(depth < processed(standby), f"the standby's outbox stays short: {depth} rows for "
              f"{processed(standby)} items")

        procs["f1"].kill()
        procs["f1"].wait()
        f1_killed = time.time()
        check(wait_until(lambda: f1_feeds <= {i for t, i, inst in list(POLLS)
                                              if t > f1_killed and inst in ("f2", "f3")},
                         SESSION_TIMEOUT + 30), "f1's feeds are polled by f2 and f3")
        print(f"fetcher takeover: f1's {len(f1_feeds)} feeds polled by the others within "
              f"{time.time() - f1_killed:.1f} s of its SIGKILL")
        procs[leader].kill()
        procs[leader].wait()
        killed_at = time.time()
        check(wait_until(lambda: gauge(standby, "newsd_cluster_leader") == 1, SESSION_TIMEOUT + 40),
              "the standby leads once the leader is gone")
        print(f"processor takeover: {time.time() - killed_at:.1f} s after the SIGKILL "
              f"(session timeout {SESSION_TIMEOUT} s); the standby had {depth:.0f} outbox rows "
              f"for {processed(standby):.0f} items")
        n_before = served()
        check(wait_until(lambda: served() >= n_before + FEEDS, SESSION_TIMEOUT + 40),
              "the feeds keep growing, f1's included")

        # The brokers go away for a while (the broker process stopped):
        # publishing fails, fetched responses are fetched again later.
        broker.proc.send_signal(signal.SIGSTOP)
        stopped_at = time.time()
        time.sleep(12)
        broker.proc.send_signal(signal.SIGCONT)
        print(f"broker stopped {time.strftime('%H:%M:%S', time.gmtime(stopped_at))} to "
              f"{time.strftime('%H:%M:%S', time.gmtime(time.time()))}")
        n_before = served()
        check(wait_until(lambda: served() >= n_before + FEEDS, SESSION_TIMEOUT + 60),
              "after the brokers come back, the feeds are fetched and published again")

        for f in feeds:
            with f.lock:
                f.frozen = True
        total_served = served()
        titles = {t for f in feeds for t, _, _ in f.items}

        def stories():
            return latest_by_key(kcat(broker.bootstrap, "news.stories", timeout=60))

        def complete():
            s = stories()
            return sum(v["items"] for v in s.values()) >= total_served

        check(wait_until(complete, 150, step=3), "every served item reaches news.stories")
        # Never two instances on one feed within an interval (from the log).
        shared, shared_at = [], []
        last = {}
        for t, i, inst in sorted(POLLS):
            if i in last and last[i][1] != inst and t - last[i][0] < INTERVAL / 2:
                shared.append((i, last[i][1], inst, round(t - last[i][0], 2)))
                shared_at.append(t)
            last[i] = (t, inst)
        check(not shared, f"no feed polled by two instances within an interval: {shared[:5]}")
        if shared:
            # What each fetcher knew of its partitions around the double
            # polls, so a failure on a CI machine can be read afterwards.
            print("double polls from " + time.strftime("%H:%M:%S", time.gmtime(shared_at[0])) +
                  f" to {time.strftime('%H:%M:%S', time.gmtime(shared_at[-1]))} ({len(shared)})" +
                  "; the fetchers' group events:")
            for name in ("f2", "f3"):
                for line in open(logs[name]):
                    if "fetch group" in line or "partitions gained" in line or "kafka" in line:
                        print(f"  {name}: {line.rstrip()[:200]}")
        s = stories()
        headlines = [v["headline"] for v in s.values()]
        total = sum(v["items"] for v in s.values())
        missing = titles - set(headlines)
        check(not missing, f"every item is a story ({len(missing)} missing, e.g. {sorted(missing)[:3]})")
        check(total == total_served and len(headlines) == len(set(headlines)),
              f"no item counted twice ({len(s)} stories, {total} items for {total_served} served)")
        print(f"served {total_served} items over {FEEDS} feeds; {len(s)} stories, {total} items "
              f"in news.stories after killing a fetcher and the active processor")
        records = kcat(broker.bootstrap, "newsd.items", timeout=60)
        sizes = [len(m["payload"] or "") for m in records]
        print(f"newsd.items: {len(records)} records for {total_served} items served "
              f"(a window of 40 listed on every poll), mean {sum(sizes) / max(1, len(sizes)):.0f} bytes")
        # Only new and changed items are sent; a killed fetcher's last
        # response may be sent again by its successor.
        check(total_served <= len(records) <= total_served + 2 * FEEDS,
              f"fetchers send what is new, not the whole window: {len(records)} records")
        r = subprocess.run([newsd, "cluster", "status", "--json", "--config",
                            os.path.join(work, "f2.toml")], capture_output=True, text=True,
                           timeout=60)
        check(r.returncode == 0, f"cluster status: {r.stderr[-300:]}")
        status = json.loads(r.stdout or "{}")
        fetchers = {p["fetcher"] for p in status.get("partitions", []) if p["feeds"]}
        check(status.get("feeds") == FEEDS and fetchers and fetchers <= {"f2", "f3"},
              f"cluster status: {FEEDS} feeds, fetched by f2 and f3 now: {status}")
        check(status.get("leader") == standby and status.get("items_records") == len(records),
              f"cluster status: {standby} leads, {len(records)} items records: {status}")
        r = subprocess.run([newsd, "cluster", "status", "--config", os.path.join(work, "f2.toml")],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and f"leader {standby}" in r.stdout, f"the table: {r.stdout}")
        print(r.stdout)
        for name in ("f2", "f3", standby):
            procs[name].send_signal(signal.SIGTERM)
            check(procs[name].wait(60) == 0, f"SIGTERM: {name} exits 0")
        for name in (standby, leader):  # the one stopped, the one killed
            r = subprocess.run([newsd, "check-store", "--config", os.path.join(work, name + ".toml")],
                               capture_output=True, text=True, timeout=120)
            check(r.returncode == 0, f"check-store passes on {name}'s store: {r.stderr[-300:]}")
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
        broker.stop()
        server.stop()
        if os.environ.get("NEWSD_KEEP_WORK"):
            for name, path in logs.items():
                print(f"--- {name}")
                print(open(path).read()[-2500:])


if __name__ == "__main__":
    main_wrapper("e2e_cluster_items", body)
