#!/usr/bin/env python3
"""End to end: the command-line contract. Exit codes (0 ok, 1 failure, 2 bad
usage or config), one clear line for mistakes, JSON Lines outputs."""

import json
import os
import subprocess

from harness import FeedServer, check, fixture, main_wrapper, run, static


def body(args, work):
    src, newsd = args.source, args.newsd
    feeds = os.path.join(src, "tests", "data", "feeds")

    r = run(newsd, "--version")
    check(r.returncode == 0 and r.stdout.startswith("newsd "), "--version")
    r = run(newsd, "--help")
    check(r.returncode == 0 and "timeline" in r.stdout, "--help lists commands")
    r = run(newsd, "run", "--help")
    check(r.returncode == 0 and "--once" in r.stdout, "run --help")

    cfg = os.path.join(src, "deploy", "newsd.example.toml")
    r = run(newsd, "run", "--config", cfg, "--bogus")
    check(r.returncode == 2 and "--bogus" in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          f"unknown flag: exit 2, one line naming it ({r.returncode}: {r.stderr!r})")
    r = run(newsd, "frobnicate")
    check(r.returncode == 2, "unknown command: exit 2")

    bad = os.path.join(work, "bad.toml")
    with open(bad, "w") as f:
        f.write('[kafka]\nbrokers = "embedded"\ntopic_evnets = "x"\n')
    r = run(newsd, "run", "--once", "--config", bad)
    check(r.returncode == 2 and "kafka.topic_evnets: unknown key" in r.stderr,
          f"bad config key: exit 2 naming the key ({r.stderr!r})")
    with open(bad, "w") as f:
        f.write('[fetch]\ntimeout = "soon"\n')
    r = run(newsd, "check-config", bad)
    check(r.returncode == 2 and "fetch.timeout" in r.stderr, "check-config rejects bad values")
    r = run(newsd, "check-config", cfg)
    check(r.returncode == 0 and "ok" in r.stdout, f"the example config is valid: {r.stderr}")
    r = run(newsd, "run", "--once", "--config", os.path.join(work, "missing.toml"))
    check(r.returncode == 2 and "missing.toml" in r.stderr, "missing config file named")

    # parse: file and URL.
    r = run(newsd, "parse", os.path.join(feeds, "rss2_features.xml"))
    check(r.returncode == 0, "parse file")
    items = [json.loads(l) for l in r.stdout.splitlines()]
    check(len(items) == 3, "parse: one line per item")
    fields = {"feed_title", "guid", "link", "title", "published", "updated", "authors",
              "categories", "summary_text", "content_text"}
    check(all(fields <= set(i) for i in items), "parse: every documented field present")
    check(items[0]["published"] == "2024-06-03T16:45:00Z", "parse: RFC 3339 UTC dates")
    check("\n\n" in items[0]["content_text"], "parse: paragraph breaks kept")
    server = FeedServer({"/f.atom": static(fixture(src, "atom_features.xml"), "application/atom+xml", gz=True),
                         "/gone.xml": lambda req: (410, {}, b"")})
    try:
        r = run(newsd, "parse", server.url("/f.atom"))
        check(r.returncode == 0 and json.loads(r.stdout)["title"] == "Rates & markets", "parse URL (gzip)")
        r = run(newsd, "parse", server.url("/gone.xml"))
        check(r.returncode == 1 and "HTTP 410" in r.stderr, "parse URL error: exit 1 with the status")
    finally:
        server.stop()
    r = run(newsd, "parse", os.path.join(feeds, "not_a_feed.html"))
    check(r.returncode == 1 and "not a feed" in r.stderr, "parse: not a feed")

    # analyze: why an event was (or was not) found.
    text = ("Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Thursday.\n\n"
            "Mr. Blinken did not meet Xi Jinping.")
    r = subprocess.run([newsd, "analyze", "--published", "2024-06-01T09:00:00Z"], input=text,
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, f"analyze exits 0: {r.stderr}")
    doc = json.loads(r.stdout)
    check(len(doc["sentences"]) == 2, "analyze: two sentences (Mr. does not end one)")
    check(doc["sentences"][1]["begin"] == text.index("Mr. Blinken"), "analyze: sentence spans index the input")
    names = [e["entity"]["name"] for e in doc["entities"]]
    check(names[:3] == ["Antony Blinken", "Wang Yi", "Beijing"], f"analyze: entities {names}")
    check(doc["entities"][0]["text"] == "Antony Blinken", "analyze: entity span text")
    check(doc["times"][0]["text"] == "Thursday" and doc["times"][0]["value"] == "2024-05-30", "analyze: time normalized")
    ev = doc["events"]
    check(len(ev) == 2 and ev[0]["trigger"]["text"] == "met" and ev[0]["code"] == "040", "analyze: the meeting")
    check(text[ev[0]["trigger"]["begin"]:ev[0]["trigger"]["end"]] == "met", "analyze: trigger span")
    check(ev[1]["negated"] and ev[1]["target"]["name"] == "Xi Jinping", "analyze: the negated meeting")
    r = subprocess.run([newsd, "analyze"], input="", capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and json.loads(r.stdout)["events"] == [], "analyze: empty input")
    r = subprocess.run([newsd, "analyze"], input="\x00\xff odd \u202e bytes " * 1000, capture_output=True,
                       text=True, timeout=60)
    check(r.returncode == 0, "analyze: odd input does not crash")

    # process: the pipeline offline, the exact Kafka JSON.
    files = [os.path.join(feeds, n) for n in ("syndicated_1.xml", "syndicated_2.xml", "syndicated_3.xml")]
    r = run(newsd, "process", "--now", "2024-07-11T00:00:00Z", *files)
    check(r.returncode == 0, "process")
    events = [json.loads(l) for l in r.stdout.splitlines()]
    check(len({e["id"] for e in events}) == len(events), "process: one line per event")
    meeting = [e for e in events if e["code"] == "040"]
    check(len(meeting) == 1 and meeting[0]["sources"] == 3, "process: the meeting from 3 sources")
    r2 = run(newsd, "process", "--now", "2024-07-11T00:00:00Z", *files)
    check(r.stdout == r2.stdout, "process is reproducible with --now")
    r = run(newsd, "process", "--items", *files)
    verdicts = [json.loads(l)["verdict"] for l in r.stdout.splitlines()]
    check(verdicts == ["new", "near_duplicate", "near_duplicate", "new"], f"process --items verdicts {verdicts}")
    stories = [json.loads(l) for l in run(newsd, "process", "--stories", *files).stdout.splitlines()]
    check(len(stories) == 2 and stories[0]["items"] == 3, "process --stories")
    r = run(newsd, "process", os.path.join(work, "nope.xml"))
    check(r.returncode == 2, "process: missing file is a usage error")


main_wrapper("e2e_cli", body)
