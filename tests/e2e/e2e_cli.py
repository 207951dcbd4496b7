#!/usr/bin/env python3
"""End to end: the command-line contract. Exit codes (0 ok, 1 failure, 2 bad
usage or config), one clear line for mistakes, JSON Lines outputs."""

import json
import os
import re
import signal
import subprocess
import time

from harness import FeedServer, check, fixture, main_wrapper, run, schema_errors, static


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
    with open(bad, "w") as f:
        f.write('[kafka.properties]\n"sasl.pasword" = "Hunter2Secret"\n')
    r = run(newsd, "check-config", bad)
    check(r.returncode == 2 and "sasl.pasword" in r.stderr and "Hunter2Secret" not in r.stderr,
          f"check-config rejects a misspelt Kafka property, without its value ({r.stderr!r})")
    creds = os.path.join(work, "credentials")
    os.makedirs(creds)
    with open(os.path.join(creds, "kafka-password"), "w") as f:
        f.write("Hunter2Secret\n")
    with open(bad, "w") as f:
        f.write('[kafka.properties]\n"sasl.username" = "newsd"\n"sasl.password_file" = "kafka-password"\n')
    r = run(newsd, "check-config", bad, env={"CREDENTIALS_DIRECTORY": creds})
    check(r.returncode == 0, f"a Kafka password from a systemd credential ({r.stderr!r})")
    r = run(newsd, "check-config", bad)
    check(r.returncode == 2 and "sasl.password_file: cannot read" in r.stderr,
          f"a missing secret file is a config error ({r.stderr!r})")
    r = run(newsd, "check-config", cfg)
    check(r.returncode == 0 and "ok" in r.stdout, f"the example config is valid: {r.stderr}")
    r = run(newsd, "run", "--once", "--config", os.path.join(work, "missing.toml"))
    check(r.returncode == 2 and "missing.toml" in r.stderr, "missing config file named")

    # parse: file and URL.
    r = run(newsd, "parse", "--max-items", "1", os.path.join(feeds, "rss2_features.xml"))
    check(r.returncode == 0 and len(r.stdout.splitlines()) == 1 and "kept the first 1 of" in r.stderr,
          f"parse --max-items keeps the first entries and says so ({r.stderr!r})")
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
    for e in events:
        errors = schema_errors(src, "event", e)
        check(not errors, f"process: {e['id']} is a valid newsd.event/1 ({errors[:3]})")
    meeting = [e for e in events if e["code"] == "040"]
    check(len(meeting) == 1 and meeting[0]["sources"] == 3, "process: the meeting from 3 sources")
    r2 = run(newsd, "process", "--now", "2024-07-11T00:00:00Z", *files)
    check(r.stdout == r2.stdout, "process is reproducible with --now")
    r = run(newsd, "process", "--items", *files)
    verdicts = [json.loads(l)["verdict"] for l in r.stdout.splitlines()]
    check(verdicts == ["new", "near_duplicate", "near_duplicate", "new"], f"process --items verdicts {verdicts}")
    stories = [json.loads(l) for l in run(newsd, "process", "--stories", *files).stdout.splitlines()]
    check(len(stories) == 2 and stories[0]["items"] == 3, "process --stories")
    for st in stories:
        errors = schema_errors(src, "story", st)
        check(not errors, f"process --stories: {st['id']} is a valid newsd.story/1 ({errors[:3]})")
    # An attack the text reports with no attacker: an event whose source
    # is null, still a valid newsd.event/1.
    attack = os.path.join(work, "attack.xml")
    with open(attack, "w") as f:
        f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                '<link>https://wire.example/</link><item><title>Blast near Gao</title>'
                '<link>https://wire.example/gao</link><guid>gao-1</guid>'
                '<pubDate>Tue, 09 Jul 2024 10:00:00 GMT</pubDate><description>Two Malian '
                'soldiers were killed in a blast near Gao on Monday, the army said.'
                '</description></item></channel></rss>')
    r = run(newsd, "process", "--now", "2024-07-11T00:00:00Z", attack)
    blasts = [e for e in (json.loads(l) for l in r.stdout.splitlines()) if e["code"] == "183"]
    check(r.returncode == 0 and len(blasts) == 1 and blasts[0]["source"] is None and
          blasts[0]["target"]["country"] == "MLI", f"process: an attack with no attacker {blasts}")
    check(blasts and not schema_errors(src, "event", blasts[0]),
          f"process: the attack is a valid newsd.event/1 "
          f"({schema_errors(src, 'event', blasts[0])[:3] if blasts else ''})")
    r = run(newsd, "process", os.path.join(work, "nope.xml"))
    check(r.returncode == 2, "process: missing file is a usage error")

    feed_management(args, work)
    damaged_store(args, work)


def damaged_store(args, work):
    """check-store, timeline and the daemon's cycle on a store whose table
    files were damaged behind newsd's back."""
    src, newsd = args.source, args.newsd
    feeds = os.path.join(src, "tests", "data", "feeds")
    store = os.path.join(work, "damaged-store")

    def config(path, names):
        with open(path, "w") as f:
            f.write(f'[store]\npath = "{store}"\nsync = false\n[kafka]\nbrokers = "embedded"\n[http]\nlisten = ""\n[api]\nlisten = ""\n')
            for n in names:
                f.write(f'[[feeds]]\nurl = "file://{os.path.join(feeds, n)}"\nname = "{n}"\n')
        return path

    first = ["syndicated_1.xml", "repeated_story.xml", "rss2_features.xml", "atom_features.xml",
             "rdf_features.xml", "jsonfeed.json", "rewrite.xml", "cp1252.xml"]
    cfg = config(os.path.join(work, "damaged.toml"), first)
    # The same feeds and two more telling syndicated_1's story again.
    more = config(os.path.join(work, "damaged-more.toml"), first + ["syndicated_2.xml", "syndicated_3.xml"])
    r = run(newsd, "check-store", "-c", cfg)
    check(r.returncode == 1 and "no store at" in r.stderr, f"check-store before any run: exit 1 ({r.stderr!r})")
    r = run(newsd, "run", "--once", "--config", cfg)
    check(r.returncode == 0, f"run --once builds the store: {r.stderr[-300:]}")
    r = run(newsd, "check-store", "-c", cfg)
    check(r.returncode == 0 and "checksum ok" in r.stdout and r.stderr == "",
          f"check-store on a sound store: exit 0, quiet ({r.returncode} {r.stdout!r} {r.stderr!r})")
    t = run(newsd, "timeline", "Macron", "-c", cfg)
    check(t.returncode == 0 and t.stdout.strip(), "timeline on the sound store")
    # Overwrite the start of the first data block of every table big enough
    # to have its metadata blocks further on.
    damaged = 0
    for name in os.listdir(store):
        path = os.path.join(store, name)
        if name.endswith(".sst") and os.path.getsize(path) > 4096:
            with open(path, "r+b") as f:
                f.seek(64)
                f.write(b"\x5a" * 256)
            damaged += 1
    check(damaged > 0, "a table file to damage")
    r = run(newsd, "check-store", "-c", cfg)
    check(r.returncode == 1 and "is damaged: Corruption: block checksum mismatch" in r.stderr and ".sst" in r.stderr,
          f"check-store names the damaged file: exit 1 ({r.stderr[-300:]!r})")
    t2 = run(newsd, "timeline", "Macron", "-c", cfg)
    check(t2.returncode == 0 if t2.stdout == t.stdout else (t2.returncode == 1 and "store reads failed" in t2.stderr),
          f"timeline: complete, or exit 1 saying reads failed ({t2.returncode} {t2.stderr[-300:]!r})")
    # Items whose processing meets a damaged block are not committed: the
    # same items are refused again on the next cycle, not seen as duplicates.
    refused = []
    for _ in range(2):
        r = run(newsd, "run", "--once", "--config", more)
        refused.append(sorted(re.findall(r"cannot commit item (it-[0-9a-f]+): a store read failed", r.stderr)))
    check(refused[0] and refused[0] == refused[1],
          f"an item that met a failed read is refused, and again on the next cycle ({refused})")


def feed_management(args, work):
    """feeds discover/import/add/remove/export/list against a real server,
    and what a cycle records: a permanent move, the adaptive interval."""
    src, newsd = args.source, args.newsd
    page = (b'<html><head><title>Harbour Times</title>'
            b'<link rel="alternate" type="application/rss+xml" title="Harbour Times news" href="/feeds/news.xml">'
            b'<link rel="alternate" type="application/atom+xml" href="/feeds/news.atom"></head>'
            b'<body><p>Front page</p></body></html>')
    routes = {
        "/": static(page, "text/html; charset=utf-8"),
        "/bare.html": static(b"<html><body>nothing announced</body></html>", "text/html"),
        # The announced address moved for good; the new one says how long to cache.
        "/feeds/news.xml": lambda req: (301, {"Location": "/v2/news.xml"}, b""),
        "/v2/news.xml": lambda req: (200, {"Content-Type": "application/rss+xml",
                                           "Cache-Control": "max-age=7200"},
                                     fixture(src, "syndicated_1.xml")),
        "/temp.xml": lambda req: (302, {"Location": "/v2/news.xml"}, b""),
        "/plain.xml": static(fixture(src, "syndicated_2.xml"), "application/atom+xml"),
        "/gone.xml": lambda req: (410, {}, b""),
    }
    server = FeedServer(routes)
    try:
        cfg = os.path.join(work, "managed.toml")
        with open(cfg, "w") as f:
            f.write(f'feeds_file = "feeds.opml"\n[store]\npath = "{work}/managed-store"\nsync = false\n'
                    '[kafka]\nbrokers = "embedded"\n[http]\nlisten = ""\n[api]\nlisten = ""\n[schedule]\nadaptive = false\n'
                    f'[[feeds]]\nurl = "{server.url("/temp.xml")}"\nname = "Temporary"\n'
                    f'[[feeds]]\nurl = "{server.url("/plain.xml")}"\nname = "Plain"\n'
                    f'[[feeds]]\nurl = "{server.url("/gone.xml")}"\nname = "Gone"\n')
        r = run(newsd, "feeds", "discover", server.url("/"))
        found = [json.loads(l) for l in r.stdout.splitlines()]
        check(r.returncode == 0 and [f["url"] for f in found] ==
              [server.url("/feeds/news.xml"), server.url("/feeds/news.atom")],
              f"discover: both announced feeds, absolute ({r.stdout!r} {r.stderr!r})")
        r = run(newsd, "feeds", "discover", server.url("/bare.html"))
        check(r.returncode == 1 and "announces no feed" in r.stderr, "discover: a page without feeds")
        r = run(newsd, "feeds", "discover", server.url("/v2/news.xml"))
        check(r.returncode == 0 and json.loads(r.stdout)["url"] == server.url("/v2/news.xml"),
              "discover: a feed URL is its own feed")
        r = run(newsd, "feeds", "discover", server.url("/"), "--add", "--config", cfg)
        check(r.returncode == 0 and "added 1" in r.stdout, f"discover --add ({r.stdout} {r.stderr})")

        opml = os.path.join(work, "import.opml")
        with open(opml, "w") as f:
            f.write('<opml version="1.0"><body><outline text="Local">'
                    f'<outline text="Metro" xmlUrl="file://{src}/data/sample-feeds/metro-daily.xml"/>'
                    f'<outline text="Dup" xmlUrl="{server.url("/feeds/news.xml")}"/>'
                    '</outline></body></opml>')
        r = run(newsd, "feeds", "import", opml, "--config", cfg)
        check(r.returncode == 0 and "added 1, already present 1" in r.stdout, f"import ({r.stdout})")
        r = run(newsd, "feeds", "add", "https://extra.example/rss", "--name", "Extra", "--config", cfg)
        check(r.returncode == 0 and "added 1" in r.stdout, "add")
        r = run(newsd, "feeds", "remove", "https://extra.example/rss", "--config", cfg)
        check(r.returncode == 0, "remove")
        r = run(newsd, "feeds", "remove", server.url("/temp.xml"), "--config", cfg)
        check(r.returncode == 1 and "[[feeds]]" in r.stderr, "remove refuses a feed of the TOML itself")
        r = run(newsd, "feeds", "export", "--config", cfg)
        check(r.returncode == 0 and r.stdout.count("xmlUrl=") == 5 and 'text="Local"' in r.stdout,
              f"export: all five feeds, folders kept ({r.stdout})")
        # With the SSRF guard on, local files come only from the TOML.
        guarded = os.path.join(work, "guarded.toml")
        with open(guarded, "w") as f:
            f.write(f'feeds_file = "{work}/guarded.opml"\n[store]\npath = "{work}/guarded-store"\n'
                    '[fetch]\nblock_private_addresses = true\n')
        r = run(newsd, "feeds", "add", "file:///etc/passwd", "--config", guarded)
        written = open(f"{work}/guarded.opml").read() if os.path.exists(f"{work}/guarded.opml") else ""
        check("skipped" in r.stderr and "accepted only in the TOML" in r.stderr and "passwd" not in written,
              f"guard on: feeds add refuses file:// ({r.stderr.strip()})")
        r = run(newsd, "feeds", "import", opml, "--config", guarded)
        check("accepted only in the TOML" in r.stderr and "added 1" in r.stdout,
              f"guard on: import skips the file:// feed, keeps the other ({r.stdout} {r.stderr})")
        with open(f"{work}/guarded.opml", "w") as f:
            f.write('<opml version="1.0"><body><outline text="x" xmlUrl="file:///etc/shadow"/></body></opml>')
        r = run(newsd, "check-config", guarded)
        check(r.returncode != 0 and "accepted only in the TOML" in r.stderr,
              f"guard on: a file:// feed in the feeds_file is a config error ({r.stderr.strip()})")
        r = run(newsd, "feeds", "add", "x", "--config", os.path.join(src, "deploy", "newsd.example.toml"))
        check(r.returncode == 2 and "feeds_file" in r.stderr, "add without a feeds_file: usage error")

        r = run(newsd, "run", "--once", "--config", cfg)
        check(r.returncode == 0, f"run --once over managed feeds ({r.stderr[-400:]})")
        check("moved permanently" in r.stderr, "the move is logged")
        listed = {j["name"]: j for j in map(json.loads, run(newsd, "feeds", "list", "--json", "--config", cfg).stdout.splitlines())}
        news = listed.get("Harbour Times news", {})
        check(news.get("moved_to") == server.url("/v2/news.xml") and
              news.get("url_history", [{}])[0].get("from") == server.url("/feeds/news.xml"),
              f"301: the feed moved, history kept ({news})")
        check(news.get("interval_s") == 7200, f"Cache-Control max-age raises the interval ({news.get('interval_s')})")
        check(news.get("entries_per_week") == 0, "its entries are older than a week (adaptive: quiet feed)")
        check("moved_to" not in listed.get("Temporary", {}), "302: the feed did not move")
        check(listed.get("Metro", {}).get("status") == "ok", "the imported file feed was polled")
        check(listed.get("Gone", {}).get("status") == "disabled" and server.count("/gone.xml") == 1,
              f"410: the feed is disabled ({listed.get('Gone')}, {server.count('/gone.xml')} requests)")
        before = server.count("/feeds/news.xml")
        run(newsd, "run", "--once", "--config", cfg)
        check(server.count("/feeds/news.xml") == before and server.count("/v2/news.xml") >= 2,
              "the next cycle polls the new address directly")
        check(server.count("/gone.xml") == 1, "410 sticks: the next --once cycle skips the feed "
              f"({server.count('/gone.xml')} requests)")

        # A shorter interval in the config applies at once: the feed's saved
        # next poll (15 minutes away) is brought forward.
        with open(cfg) as f:
            text = f.read()
        with open(cfg, "w") as f:
            f.write(text.replace('name = "Plain"\n', 'name = "Plain"\ninterval = "1s"\n')
                        .replace("[schedule]\n", '[schedule]\nmin_interval = "1s"\n'))
        polls = server.count("/plain.xml")
        proc = subprocess.Popen([newsd, "run", "--config", cfg], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        # Without the change the second poll would be 15 minutes away; wait
        # for it up to 30 s (start-up under ASan on a busy machine is slow).
        started = time.time()
        while server.count("/plain.xml") - polls < 2 and time.time() - started < 30:
            time.sleep(0.2)
        waited = time.time() - started
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        check(server.count("/plain.xml") - polls >= 2,
              f"a shortened interval applies at start ({server.count('/plain.xml') - polls} polls in {waited:.0f} s)")
    finally:
        server.stop()


main_wrapper("e2e_cli", body)
