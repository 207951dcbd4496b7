#!/usr/bin/env python3
"""WebSub benchmark: push-to-Kafka latency. `newsd run` subscribes to a
feed at the loopback hub of the tests (tests/e2e/websub_hub.py, written
from the W3C spec); the hub pushes N new items one at a time, each its own
story, and a kcat consumer started beforehand (`-o end -u`) reads
news.stories. Latency: from the hub's POST to the item's story message
arriving at kcat (what a downstream consumer sees). Also reported: the
daemon's own histogram from push received to items committed.

The feed's poll interval is an hour: without WebSub the same item would
reach Kafka on average half an interval later (30 minutes).

usage: bench/websub_bench.py [--build build] [--pushes 100] [--gap 0.2]
Prints one JSON report."""

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import Broker, FeedServer, free_port, http_get, wait_until  # noqa: E402
from websub_hub import Hub  # noqa: E402

WORDS = ("harbour council river bridge minister election storm port union strike court ruling "
         "budget vaccine drought festival airline merger tariff reservoir").split()


def rss(feed_url, hub_url, n):
    """A feed whose newest item is number n: distinct words, its own story."""
    import random
    rnd = random.Random(n)
    text = " ".join(rnd.choice(WORDS) + str(rnd.randint(0, 10**6)) for _ in range(60))
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>Bench</title><link>http://b.example/</link>"
            f'<atom:link rel="hub" href="{hub_url}"/><atom:link rel="self" href="{feed_url}"/>'
            f"<item><title>Bulletin {n}</title><guid>b{n}</guid><link>http://b.example/{n}</link>"
            f"<description>{text}</description></item></channel></rss>").encode()


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--pushes", type=int, default=100)
    ap.add_argument("--gap", type=float, default=0.2)
    args = ap.parse_args()
    newsd = os.path.join(args.build, "daemon", "newsd")
    work = tempfile.mkdtemp(prefix="newsd-websub-bench-")
    hub = Hub(lease_seconds=3600)
    routes = {}
    server = FeedServer(routes)
    feed_url = server.url("/feed.xml")
    routes["/feed.xml"] = lambda req: (200, {"Content-Type": "application/rss+xml"},
                                       rss(feed_url, hub.url, 0))
    broker = Broker(newsd, work)
    admin = f"127.0.0.1:{free_port()}"
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{work}/store"\n[kafka]\nbrokers = "{broker.bootstrap}"\n'
                f'[http]\nlisten = "{admin}"\n[api]\nlisten = ""\n'
                f'[websub]\ncallback_url = "http://{admin}"\n'
                f'[[feeds]]\nurl = "{feed_url}"\nname = "Bench"\ninterval = "1h"\n')
    log = open(os.path.join(work, "newsd.log"), "w")
    proc = subprocess.Popen([newsd, "run", "--config", cfg], stdout=log, stderr=log)
    consumer = None
    try:
        if not wait_until(lambda: hub.verified(feed_url) >= 1, 30):
            raise SystemExit("websub_bench: newsd did not subscribe; see " + log.name)
        consumer = subprocess.Popen(["kcat", "-b", broker.bootstrap, "-C", "-t", "news.stories",
                                     "-o", "end", "-u", "-q", "-f", "%k\n"],
                                    stdout=subprocess.PIPE, text=True)
        arrivals = queue.Queue()

        def read():
            for line in consumer.stdout:
                arrivals.put((time.time(), line.strip()))

        threading.Thread(target=read, daemon=True).start()
        time.sleep(3)  # the consumer has its partitions at their ends
        while not arrivals.empty():
            arrivals.get()
        latencies, lost = [], 0
        for n in range(1, args.pushes + 1):
            body = rss(feed_url, hub.url, n)
            t0 = time.time()
            hub.publish(feed_url, body)
            try:
                t1, _ = arrivals.get(timeout=10)
                latencies.append(t1 - t0)
            except queue.Empty:
                lost += 1
            time.sleep(args.gap)
            while not arrivals.empty():  # a story updated twice: later messages
                arrivals.get()
        code, text = http_get(f"http://{admin}/metrics")
        hist = {}
        for line in text.splitlines():
            if line.startswith("newsd_websub_push_processing_seconds_") or \
                    line.startswith("newsd_kafka_delivery_latency_seconds_"):
                name, value = line.rsplit(" ", 1)
                hist[name] = float(value)
        report = {
            "pushes": args.pushes, "arrived": len(latencies), "lost": lost,
            "push_to_kafka_seconds": {
                "p50": round(percentile(latencies, 50), 3), "p90": round(percentile(latencies, 90), 3),
                "p99": round(percentile(latencies, 99), 3), "max": round(max(latencies), 3),
                "mean": round(sum(latencies) / len(latencies), 3)} if latencies else None,
            "polling_baseline_seconds": "half the poll interval on average: 1800 at 1h",
            "daemon_push_processing_seconds": {
                "count": hist.get("newsd_websub_push_processing_seconds_count"),
                "sum": hist.get("newsd_websub_push_processing_seconds_sum")},
            "daemon_commit_to_kafka_ack_seconds": {
                "count": hist.get("newsd_kafka_delivery_latency_seconds_count"),
                "sum": hist.get("newsd_kafka_delivery_latency_seconds_sum")},
            "polls": server.count("/feed.xml"),
        }
        print(json.dumps(report, indent=1))
    finally:
        if consumer:
            consumer.kill()
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        hub.stop()
        broker.stop()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
