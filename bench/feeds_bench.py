#!/usr/bin/env python3
"""Ingest benchmark: one `newsd run --once` cycle over N feeds served from a
loopback HTTP server, side by side with newsboat (`newsboat -x reload`, same
feeds, same concurrency) and python3-feedparser (parsing the same files).

Feeds are generated here: news-like RSS 2.0, 20 items each with HTML
paragraphs (about 25 KB), dates within the last week, 15% of items copies of
a shared wire pool with small edits. Generation 2 changes 30% of the feeds
(two new items, two dropped); the rest answer 304 to a conditional GET.

  cycle 1 (cold): every feed 200, every item new, empty stores
  cycle 2 (warm): 70% 304, 30% 200 with 2 new items each
  memory: `newsd run` as a daemon over several cycles, RSS after each
          (from its /metrics), to show it does not grow with cycles

Needs the build (newsd, bench/feed_server, bench/parse_bench) and, for the
comparisons, `scripts/install-deps.sh --bench` (newsboat, python3-feedparser;
feedparser is Debian's, run by /usr/bin/python3).

usage: bench/feeds_bench.py [--build build] [--feeds 10000] [--skip-newsboat]
                            [--daemon-cycles 4] [--parse-sample 1000]
Prints one JSON report; the README quotes it."""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FIRST = ["Amara", "Bogdan", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiroshi", "Ines",
         "Jonas", "Kemal", "Lucia", "Marek", "Nadia", "Oskar", "Priya", "Rafael", "Sofia",
         "Tomas", "Ulla", "Viktor", "Wen", "Yusuf", "Zofia"]
LAST = ["Adeyemi", "Brandt", "Castillo", "Dvorak", "Eriksen", "Fontaine", "Gallo", "Haddad",
        "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov",
        "Quinn", "Rossi", "Santos", "Tanaka", "Uysal", "Varga", "Weber", "Yilmaz"]
ORGS = ["the port authority", "the city council", "the regional parliament", "the health ministry",
        "the central bank", "the transport union", "the energy regulator", "the supreme court",
        "the teachers' federation", "the coast guard", "the farmers' cooperative",
        "the national railway"]
PLACES = ["Lisbon", "Gdansk", "Valencia", "Tampere", "Thessaloniki", "Porto", "Rotterdam",
          "Marseille", "Bratislava", "Ljubljana", "Cork", "Malmo", "Brno", "Bergen", "Trieste"]
VERBS = ["met", "criticized", "praised", "accused", "signed an agreement with", "warned",
         "visited", "sued", "negotiated with", "called on", "rejected a proposal from",
         "announced a joint plan with"]
TOPICS = ["water prices", "a new tram line", "the harbour expansion", "school budgets",
          "flood defences", "hospital waiting lists", "grain exports", "wind farm permits",
          "night train services", "housing subsidies", "fishing quotas", "bridge repairs"]
# Connective sentences are assembled from parts, so unrelated stories share
# stock phrases (as real news does) without sharing whole sentences.
FILLER_WHO = ["Officials", "A spokesperson", "Union leaders", "Opposition members", "Residents",
              "Analysts", "Local businesses", "Several witnesses", "Committee members", "Police"]
FILLER_DID = ["said talks would continue", "declined to give further details",
              "asked for clearer rules", "gathered outside the building",
              "argued that the plan came too late", "expected a decision",
              "warned of further delays", "promised to publish the figures",
              "called for an independent review", "welcomed the announcement"]
FILLER_WHEN = ["next week", "before the summer", "on Monday", "by the end of the month",
               "later this year", "after the vote", "within days", "during the session"]


def filler(r):
    return f"{r.choice(FILLER_WHO)} {r.choice(FILLER_DID)} {r.choice(FILLER_WHEN)}."


def person(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def sentence(r):
    who = person(r) if r.random() < 0.6 else r.choice(ORGS).capitalize()
    return f"{who} {r.choice(VERBS)} {r.choice(ORGS)} in {r.choice(PLACES)} over {r.choice(TOPICS)}."


def story(r):
    title = f"{person(r)} {r.choice(VERBS)} {r.choice(ORGS)} over {r.choice(TOPICS)}"
    paras = []
    for _ in range(r.randint(3, 5)):
        paras.append(" ".join([sentence(r), filler(r), sentence(r), sentence(r)]))
    return title, paras


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss(feed_id, items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
           f"<title>Bench Courier {feed_id}</title><link>https://courier{feed_id}.example/</link>",
           "<description>Synthetic news for the ingest benchmark</description>"]
    for guid, title, paras, when in items:
        html = "".join(f"<p>{esc(p)}</p>" for p in paras)
        out.append(f"<item><title>{esc(title)}</title>"
                   f"<link>https://courier{feed_id}.example/news/{guid}.html</link>"
                   f'<guid isPermaLink="false">{guid}</guid>'
                   f"<pubDate>{time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(when))}</pubDate>"
                   f"<description>{esc(html)}</description></item>")
    out.append("</channel></rss>\n")
    return "\n".join(out)


def generate(work, n, seed=7):
    r = random.Random(seed)
    now = time.time()
    wire = [story(r) for _ in range(max(50, n // 5))]
    gens = [os.path.join(work, "gen1"), os.path.join(work, "gen2")]
    for g in gens:
        os.makedirs(g, exist_ok=True)
    for f in range(n):
        items = []
        for i in range(22):
            if r.random() < 0.15:
                title, paras = r.choice(wire)
                paras = [paras[0] + " " + filler(r)] + paras[1:]  # a local edit
            else:
                title, paras = story(r)
            items.append((f"c{f}-{i}", title, paras, now - i * 3600 * r.uniform(1, 8)))
        with open(os.path.join(gens[0], f"feed{f:05d}.xml"), "w") as out:
            out.write(rss(f, items[2:]))
        changed = r.random() < 0.3
        with open(os.path.join(gens[1], f"feed{f:05d}.xml"), "w") as out:
            out.write(rss(f, items[:20] if changed else items[2:]))
    return gens


class FeedServer:
    def __init__(self, binary, gens, work):
        port_file = os.path.join(work, "port")
        self.proc = subprocess.Popen([binary, "--port-file", port_file, *gens],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.proc.stdout.readline()
        self.port = int(open(port_file).read())

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def generation(self, g):
        urllib.request.urlopen(self.url(f"/_generation/{g}")).read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def timed(cmd, env=None, cwd=None):
    """Runs cmd; returns (seconds, peak RSS MiB, CompletedProcess-like)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    err = []
    # Drain stderr while waiting, so a chatty child never blocks.
    for line in p.stderr:
        err.append(line)
        if len(err) > 200:
            err.pop(0)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - start, usage.ru_maxrss / 1024.0, p.returncode, b"".join(err).decode(errors="replace")


def newsd_config(path, work, server, n, extra="", sync=False):
    with open(os.path.join(work, "feeds.opml"), "w") as f:
        f.write('<opml version="2.0"><body>')
        for i in range(n):
            f.write(f'<outline text="Courier {i}" xmlUrl="{server.url(f"/feed{i:05d}.xml")}"/>')
        f.write("</body></opml>\n")
    with open(path, "w") as f:
        f.write(f'log_level = "notice"\nfeeds_file = "feeds.opml"\n'
                f'[store]\npath = "{work}/newsd-store"\nsync = {"true" if sync else "false"}\n'
                '[kafka]\nbrokers = "embedded"\nflush_timeout = "120s"\n'
                '[fetch]\nmax_concurrent = 32\n'
                # All feeds live on one loopback host: the per-host limit is
                # raised to the global one (newsboat gets the same 32).
                'max_per_host = 32\n' + extra)


def run_newsd(args, server, work, n):
    newsd = os.path.join(args.build, "daemon", "newsd")
    cfg = os.path.join(work, "newsd.toml")
    newsd_config(cfg, work, server, n, '[http]\nlisten = ""\n', sync=args.sync)
    out = {}
    for cycle, gen in (("cold", 0), ("warm", 1)):
        server.generation(gen)
        secs, rss, rc, err = timed([newsd, "run", "--once", "--config", cfg])
        if rc != 0:
            print(err[-2000:], file=sys.stderr)
        out[cycle] = {"seconds": round(secs, 2), "peak_rss_mib": round(rss, 1), "exit": rc,
                      "feeds_per_s": round(n / secs, 1)}
        print(f"newsd {cycle}: {out[cycle]}", file=sys.stderr, flush=True)
    return out


def run_newsboat(args, server, work, n):
    home = os.path.join(work, "newsboat")
    os.makedirs(home, exist_ok=True)
    urls = os.path.join(home, "urls")
    with open(urls, "w") as f:
        for i in range(n):
            f.write(server.url(f"/feed{i:05d}.xml") + "\n")
    conf = os.path.join(home, "config")
    with open(conf, "w") as f:
        f.write("reload-threads 32\nmax-items 0\n")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
    out = {}
    for cycle, gen in (("cold", 0), ("warm", 1)):
        server.generation(gen)
        secs, rss, rc, err = timed(["newsboat", "-u", urls, "-C", conf, "-c",
                                    os.path.join(home, "cache.db"), "-x", "reload"], env=env)
        out[cycle] = {"seconds": round(secs, 2), "peak_rss_mib": round(rss, 1), "exit": rc,
                      "feeds_per_s": round(n / secs, 1)}
        if rc != 0:
            out[cycle]["stderr"] = err[-300:]
        print(f"newsboat {cycle}: {out[cycle]}", file=sys.stderr, flush=True)
    return out


FEEDPARSER_SCRIPT = r"""
import feedparser, json, os, sys, time
files = sys.argv[1:]
bodies = [open(f, "rb").read() for f in files]
start = time.monotonic()
items = 0
for b in bodies:
    items += len(feedparser.parse(b).entries)
secs = time.monotonic() - start
print(json.dumps({"seconds": secs, "items": items, "bytes": sum(map(len, bodies))}))
"""


def run_parse_comparison(args, gen_dir, work):
    files = sorted(os.listdir(gen_dir))[: args.parse_sample]
    sample = os.path.join(work, "parse-sample")
    os.makedirs(sample, exist_ok=True)
    paths = []
    for f in files:
        dst = os.path.join(sample, f)
        shutil.copyfile(os.path.join(gen_dir, f), dst)
        paths.append(dst)
    fp = subprocess.run(["/usr/bin/python3", "-c", FEEDPARSER_SCRIPT, *paths],
                        capture_output=True, text=True)
    if fp.returncode != 0:
        return {"error": "python3-feedparser not available: " + fp.stderr[-300:]}
    fp = json.loads(fp.stdout)
    nd = json.loads(subprocess.run([os.path.join(args.build, "bench", "parse_bench"), "--rounds", "3",
                                    "--label", "bench-feeds", sample],
                                   capture_output=True, text=True, check=True).stdout)
    fp_mb = fp["bytes"] / 1e6 / fp["seconds"]
    return {"files": len(paths), "bytes": fp["bytes"],
            "feedparser": {"mb_per_s": round(fp_mb, 2), "items_per_s": round(fp["items"] / fp["seconds"], 1)},
            "newsd": {"mb_per_s": round(nd["parse_mb_per_s"], 2), "items_per_s": round(nd["parse_items_per_s"], 1)},
            "newsd_vs_feedparser": round(nd["parse_mb_per_s"] / fp_mb, 1)}


def metrics(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    polls, rss = 0.0, 0.0
    for line in text.splitlines():
        if line.startswith("newsd_polls_total{"):
            polls += float(line.rsplit(" ", 1)[1])
        elif line.startswith("newsd_process_resident_memory_bytes "):
            rss = float(line.rsplit(" ", 1)[1])
    return polls, rss


def run_daemon_memory(args, server, work, n):
    """`newsd run` over several cycles (interval 1 s, so each cycle starts
    as soon as the last ends) on the store the --once cycles left; RSS from
    /metrics once each cycle's polls are counted. The server alternates
    generations, so every cycle brings 30% changed feeds."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    cfg = os.path.join(work, "daemon.toml")
    newsd_config(cfg, work, server, n,
                 f'[http]\nlisten = "127.0.0.1:{port}"\n'
                 '[schedule]\nadaptive = false\ndefault_interval = "1s"\nmin_interval = "1s"\njitter = 0.0\n')
    server.generation(0)
    started = time.monotonic()
    proc = subprocess.Popen([os.path.join(args.build, "daemon", "newsd"), "run", "--config", cfg],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples = []
    try:
        deadline = time.time() + 60 * args.daemon_cycles * max(1, n / 5000)
        done = 0
        while done < args.daemon_cycles and time.time() < deadline:
            time.sleep(0.5)
            try:
                polls, rss = metrics(port)
            except OSError:
                continue
            if polls >= (done + 1) * n:
                done += 1
                samples.append({"cycle": done, "rss_mib": round(rss / 2**20, 1),
                                "at_seconds": round(time.monotonic() - started, 1)})
                server.generation(done % 2)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(120)
    growth = None
    if len(samples) >= 3:
        growth = round(samples[-1]["rss_mib"] / samples[1]["rss_mib"], 3)
    return {"cycles": samples, "rss_last_vs_second_cycle": growth}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--feeds", type=int, default=10000)
    p.add_argument("--skip-newsboat", action="store_true")
    p.add_argument("--sync", action="store_true",
                   help="[store] sync = true (the default config) instead of false")
    p.add_argument("--daemon-cycles", type=int, default=4)
    p.add_argument("--parse-sample", type=int, default=1000)
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="newsd-feeds-bench-")
    try:
        t0 = time.monotonic()
        gens = generate(work, args.feeds)
        size = sum(os.path.getsize(os.path.join(gens[0], f)) for f in os.listdir(gens[0]))
        report = {"feeds": args.feeds, "items_per_feed": 20, "corpus_mb": round(size / 1e6, 1),
                  "generate_seconds": round(time.monotonic() - t0, 1), "cores": os.cpu_count()}
        server = FeedServer(os.path.join(args.build, "bench", "feed_server"), gens, work)
        try:
            report["newsd"] = run_newsd(args, server, work, args.feeds)
            if not args.skip_newsboat and shutil.which("newsboat"):
                report["newsboat"] = run_newsboat(args, server, work, args.feeds)
                for c in ("cold", "warm"):
                    report[f"newsd_vs_newsboat_{c}"] = round(
                        report["newsboat"][c]["seconds"] / report["newsd"][c]["seconds"], 2)
            report["parse"] = run_parse_comparison(args, gens[0], work)
            if args.daemon_cycles > 0:
                report["daemon_memory"] = run_daemon_memory(args, server, work, args.feeds)
        finally:
            server.stop()
        print(json.dumps(report, indent=2))
    finally:
        if args.keep:
            print("work directory kept: " + work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
