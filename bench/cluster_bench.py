#!/usr/bin/env python3
"""Cluster-mode benchmark: a cold cycle over N generated feeds on 8
loopback hosts, fetched by 1, 2 and 3 fetch instances (`role = "fetch"`)
and processed by one process instance, all against one `newsd broker`;
beside it, in the same run, one single-process `newsd run --once` over the
same feeds (embedded broker) as the baseline.

For each fetcher count: the time from starting the instances until the
fetchers have published every item (fetch throughput, items/s) and until
the processor has processed every item (end to end), both read from the
instances' /metrics; the Kafka bytes of newsd.items per item. The feeds
are feeds_bench.py's (news-like RSS, 20 items each).

On this machine every instance, the broker and the feed server share the
same cores: the figures say what the machine does, and where the time
goes, not what separate machines would do.

usage: bench/cluster_bench.py [--build build] [--feeds 400] [--fetchers 1,2,3]
Prints one JSON report."""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import feeds_bench  # noqa: E402  (the feed generator)

HOSTS = [f"127.0.0.{i}" for i in range(1, 9)]
ITEMS_PER_FEED = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def metric(port, series):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return 0.0
    total = 0.0
    for line in text.splitlines():
        if line.startswith(series + " ") or line.startswith(series + "{"):
            total += float(line.split()[-1])
    return total


def start_broker(newsd, work):
    path = os.path.join(work, "bootstrap")
    if os.path.exists(path):
        os.remove(path)
    proc = subprocess.Popen([newsd, "broker", "--partitions", "6", "--bootstrap-file", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 15
    while not os.path.exists(path):
        if time.time() > deadline:
            raise RuntimeError("newsd broker did not start")
        time.sleep(0.05)
    return proc, open(path).read().strip()


def config(work, name, role, brokers, port):
    path = os.path.join(work, name + ".toml")
    with open(path, "w") as f:
        f.write(f'log_level = "notice"\n[store]\npath = "{work}/store-{name}"\nsync = false\n'
                f'[kafka]\nbrokers = "{brokers}"\nflush_timeout = "120s"\n'
                f'[http]\nlisten = "127.0.0.1:{port}"\n[api]\nlisten = ""\n'
                '[fetch]\nmax_concurrent = 32\nmax_per_host = 8\n'
                '[schedule]\ndefault_interval = "1h"\nadaptive = false\n'
                f'[cluster]\nrole = "{role}"\ninstance_id = "{name}"\nsession_timeout = "6s"\n')
    return path


def cluster_run(newsd, work, server_port, n, fetchers):
    run_dir = os.path.join(work, f"cluster-{fetchers}")
    os.makedirs(run_dir)
    broker, brokers = start_broker(newsd, run_dir)
    procs = []
    try:
        opml = os.path.join(run_dir, "feeds.opml")
        with open(opml, "w") as f:
            f.write('<opml version="2.0"><body>')
            for i in range(n):
                host = HOSTS[i % len(HOSTS)]
                f.write(f'<outline text="Courier {i}" '
                        f'xmlUrl="http://{host}:{server_port}/feed{i:05d}.xml"/>')
            f.write("</body></opml>\n")
        ports = {}
        names = ["p1"] + [f"f{k}" for k in range(1, fetchers + 1)]
        cfgs = {}
        for name in names:
            ports[name] = free_port()
            cfgs[name] = config(run_dir, name, "process" if name == "p1" else "fetch", brokers,
                                ports[name])
        subprocess.run([newsd, "feeds", "import", opml, "--config", cfgs["p1"]], check=True,
                       capture_output=True, timeout=120)
        expected = n * ITEMS_PER_FEED
        t0 = time.monotonic()
        for name in names:
            log = open(os.path.join(run_dir, name + ".log"), "w")
            procs.append(subprocess.Popen([newsd, "run", "--config", cfgs[name]], stdout=log,
                                          stderr=log))
        fetched_at = processed_at = None
        deadline = t0 + 1800
        while time.monotonic() < deadline and processed_at is None:
            time.sleep(0.2)
            published = sum(metric(ports[f], "newsd_cluster_items_published_total")
                            for f in names[1:])
            if fetched_at is None and published >= expected:
                fetched_at = time.monotonic() - t0
            if metric(ports["p1"], "newsd_cluster_items_processed_total") >= expected:
                processed_at = time.monotonic() - t0
        out = subprocess.run(["kcat", "-b", brokers, "-C", "-t", "newsd.items", "-e", "-q",
                              "-f", "%S\n"], capture_output=True, text=True, timeout=300)
        sizes = [int(x) for x in out.stdout.split()]
        per_fetcher = {f: metric(ports[f], "newsd_cluster_items_published_total")
                       for f in names[1:]}
        return {"fetchers": fetchers,
                "fetched_seconds": round(fetched_at, 2) if fetched_at else None,
                "fetch_items_per_s": round(expected / fetched_at, 1) if fetched_at else None,
                "end_to_end_seconds": round(processed_at, 2) if processed_at else None,
                "items_per_fetcher": per_fetcher,
                "items_records": len(sizes),
                "bytes_per_item_record": round(sum(sizes) / max(1, len(sizes)))}
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(120)
            except subprocess.TimeoutExpired:
                p.kill()
        broker.terminate()
        broker.wait(10)


def single_run(newsd, work, server_port, n):
    run_dir = os.path.join(work, "single")
    os.makedirs(run_dir)
    with open(os.path.join(run_dir, "feeds.opml"), "w") as f:
        f.write('<opml version="2.0"><body>')
        for i in range(n):
            f.write(f'<outline text="Courier {i}" xmlUrl="http://{HOSTS[i % len(HOSTS)]}:'
                    f'{server_port}/feed{i:05d}.xml"/>')
        f.write("</body></opml>\n")
    cfg = os.path.join(run_dir, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'log_level = "notice"\nfeeds_file = "feeds.opml"\n[store]\npath = "{run_dir}/store"\n'
                'sync = false\n[kafka]\nbrokers = "embedded"\nflush_timeout = "120s"\n'
                '[http]\nlisten = ""\n[fetch]\nmax_concurrent = 32\nmax_per_host = 8\n')
    t0 = time.monotonic()
    r = subprocess.run([newsd, "run", "--once", "--config", cfg], capture_output=True, text=True,
                       cwd=run_dir, timeout=1800)
    secs = time.monotonic() - t0
    if r.returncode != 0:
        print(r.stderr[-2000:], file=sys.stderr)
    return {"seconds": round(secs, 2), "items_per_s": round(n * ITEMS_PER_FEED / secs, 1)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--feeds", type=int, default=400)
    p.add_argument("--fetchers", default="1,2,3")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    newsd = os.path.join(args.build, "daemon", "newsd")
    work = tempfile.mkdtemp(prefix="newsd-cluster-bench-")
    server = None
    try:
        gens = feeds_bench.generate(work, args.feeds)
        port_file = os.path.join(work, "port")
        server = subprocess.Popen([os.path.join(args.build, "bench", "feed_server"), "--bind",
                                   "0.0.0.0", "--port-file", port_file, gens[0]],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        server.stdout.readline()
        port = int(open(port_file).read())
        report = {"feeds": args.feeds, "items": args.feeds * ITEMS_PER_FEED, "hosts": len(HOSTS),
                  "cores": os.cpu_count()}
        report["single_process"] = single_run(newsd, work, port, args.feeds)
        print(f"single process: {report['single_process']}", file=sys.stderr, flush=True)
        report["cluster"] = []
        for k in (int(x) for x in args.fetchers.split(",")):
            r = cluster_run(newsd, work, port, args.feeds, k)
            print(f"cluster, {k} fetchers: {r}", file=sys.stderr, flush=True)
            report["cluster"].append(r)
        print(json.dumps(report, indent=2))
    finally:
        if server:
            server.terminate()
            server.wait(10)
        if args.keep:
            print("work directory kept: " + work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
