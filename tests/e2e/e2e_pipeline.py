#!/usr/bin/env python3
"""End to end: feeds over real HTTP -> `newsd run --once` -> `newsd broker`
-> kcat. Near-duplicates from three feeds must give one event with several
mentions and sources; broken feeds must not disturb the good ones; a second
cycle must republish nothing; with Kafka down nothing is lost."""

import gzip
import json
import re
import os
import time

from harness import (Broker, FeedServer, check, fixture, kcat, kcat_headers, latest_by_key,
                     main_wrapper, run, schema_errors, static, write_config)


def body(args, work):
    src, newsd = args.source, args.newsd
    slow_done = []

    def slow(req):
        time.sleep(5)
        slow_done.append(1)
        return 200, {"Content-Type": "application/rss+xml"}, fixture(src, "syndicated_1.xml")

    def endless(out):
        out.write(b"<rss version='2.0'><channel><title>Endless</title>")
        chunk = b"<item><title>again</title><description>" + b"x" * 4000 + b"</description></item>"
        while True:
            out.write(chunk)

    bomb = gzip.compress(bytes(20 << 20))

    server = FeedServer({
        "/continental.xml": static(fixture(src, "syndicated_1.xml"), etag='"cw-1"'),
        "/capital.atom": static(fixture(src, "syndicated_2.xml"), "application/atom+xml", gz=True),
        "/valley.xml": static(fixture(src, "syndicated_3.xml"), etag='"vh-1"'),
        "/ledger.xml": static(fixture(src, "repeated_story.xml")),
        "/truncated.xml": static(fixture(src, "broken_truncated.xml")),
        "/error.xml": lambda req: (500, {}, b"internal error"),
        "/html.xml": static(fixture(src, "not_a_feed.html"), "text/html"),
        "/garbage.xml": static(bytes(range(256)) * 40, "application/octet-stream"),
        "/empty.xml": static(b""),
        "/slow.xml": slow,
        # Hostile servers: a body that never ends, a gzip bomb (20 MiB of
        # zeros in 20 KB), a redirect loop. TLS is tried against plain HTTP.
        "/endless.xml": lambda req: (200, {"Content-Type": "application/rss+xml"}, endless),
        "/bomb.xml": lambda req: (200, {"Content-Type": "application/rss+xml",
                                        "Content-Encoding": "gzip"}, bomb),
        "/loop.xml": lambda req: (302, {"Location": "/loop.xml"}, b""),
    })
    broker = Broker(newsd, work)
    try:
        feeds = [(server.url(p), n) for p, n in [
            ("/continental.xml", "Continental Wire"), ("/capital.atom", "Capital Post"),
            ("/valley.xml", "Valley Herald"), ("/ledger.xml", "Evening Ledger"),
            ("/truncated.xml", "Cut Off"), ("/error.xml", "Erroring"), ("/html.xml", "Web Page"),
            ("/garbage.xml", "Garbage"), ("/empty.xml", "Empty"), ("/slow.xml", "Slow"),
            ("/endless.xml", "Endless"), ("/bomb.xml", "Bomb"), ("/loop.xml", "Loop")]]
        feeds.append((server.url("/continental.xml").replace("http://", "https://"), "Not TLS"))
        cfg = os.path.join(work, "newsd.toml")
        write_config(cfg, os.path.join(work, "store"), broker.bootstrap, feeds)

        # --- first cycle ---------------------------------------------------
        r = run(newsd, "run", "--once", "--config", cfg)
        check(r.returncode == 0, f"first run exits 0 (got {r.returncode}): {r.stderr[-2000:]}")
        log = r.stderr
        check("feed Erroring: HTTP 500" in log, "HTTP 500 logged for its feed")
        check("feed Web Page: parse error" in log, "HTML page logged as parse error")
        check("feed Garbage: parse error" in log, "garbage logged as parse error")
        check("feed Empty: parse error" in log, "empty body logged as parse error")
        check("feed Slow: timeout" in log, "slow server logged as timeout")
        check("feed Cut Off: broken XML" in log, "truncated feed logged as recovered")
        check("feed Continental Wire: 200, 1 items (1 new" in log, "good feed processed")
        def logged(feed, *words):
            return any(f"feed {feed}: " in l and all(w in l for w in words) for l in log.splitlines())

        check(logged("Endless", "body larger than"), "an endless body stops at the size limit")
        check(logged("Bomb", "body larger than"), "a gzip bomb stops at the decompressed limit")
        check(logged("Loop", "redirect"), "a redirect loop is reported")
        check(logged("Not TLS", "SSL"), "a TLS failure is reported")

        events = kcat(broker.bootstrap, "news.events")
        latest = latest_by_key(events)
        check(len(latest) > 0, "events reached Kafka")
        for key, e in latest.items():
            check(e["id"] == key, "message key is the event id")
            check(e["schema"] == "newsd.event/1", "schema named")
        # Every message, every version, against docs/schemas.
        for topic, kind in (("news.events", "event"), ("news.stories", "story")):
            msgs = events if kind == "event" else kcat(broker.bootstrap, topic)
            bad = [(m["key"], err) for m in msgs for err in schema_errors(src, kind, json.loads(m["payload"]))]
            check(msgs and not bad, f"all {len(msgs)} messages on {topic} are valid newsd.{kind}/1 ({bad[:3]})")
            # CloudEvents 1.0, Kafka binding, binary mode: the headers as kcat prints them.
            headers = kcat_headers(broker.bootstrap, topic)
            check(len(headers) == len(msgs), f"kcat -f '%h' read the {topic} headers")
            by_key = {}
            for m, h in zip(sorted(msgs, key=lambda m: (m["partition"], m["offset"])), headers):
                by_key.setdefault(h.get("_key"), []).append(h.get("ce_id"))
            for h in headers:
                ok = (h.get("ce_specversion") == "1.0"
                      and h.get("ce_type") == f"org.newsd.{kind}.v1"
                      and h.get("ce_subject") == h["_key"]
                      and h.get("ce_id", "").startswith(h["_key"] + "/")
                      and h.get("ce_source", "").startswith("urn:newsd:")
                      and h.get("ce_dataschema") == f"urn:newsd:schema:newsd.{kind}/1"
                      and h.get("content-type") == "application/json"
                      and len(h.get("ce_time", "")) == 20 and h["ce_time"].endswith("Z"))
                if not ok:
                    check(False, f"CloudEvents headers of {h.get('_key')} on {topic}: {h}")
                    break
            versions = {k: ids for k, ids in by_key.items() if len(ids) > 1}
            check(all(len(set(ids)) == len(ids) for ids in versions.values()),
                  f"every version of a {kind} has its own ce_id")
        meetings = [e for e in latest.values()
                    if e["code"] == "040" and {e["source"]["name"], (e["target"] or {}).get("name")}
                    == {"Emmanuel Macron", "Olaf Scholz"}]
        check(len(meetings) == 1, f"one Macron-Scholz meeting event, got {len(meetings)}")
        if meetings:
            m = meetings[0]
            check(m["items"] == 3, f"meeting reported by 3 items, got {m['items']}")
            check(m["sources"] == 3, f"meeting from 3 sources, got {m['sources']}")
            check(m["mentions"] >= 3, f"meeting has >= 3 mentions, got {m['mentions']}")
            check(m["location"]["name"] == "Berlin", "meeting located in Berlin")
            check(m["time"]["value"] == "2024-07-10", "meeting dated from the text")
            versions = [json.loads(x["payload"])["version"] for x in events if x["key"] == m["id"]]
            check(versions == sorted(versions) and versions[-1] == 3,
                  f"event updated in place under one key, versions {versions}")
        blinken = [e for e in latest.values()
                   if {e["source"]["name"], (e["target"] or {}).get("name")} == {"Antony Blinken", "Wang Yi"}]
        check(len(blinken) == 1, f"the article telling one meeting several ways gives one event, got {len(blinken)}")
        if blinken:
            check(blinken[0]["mentions"] >= 4, f"with >= 4 mentions, got {blinken[0]['mentions']}")

        # No duplicate events: no two keys describe the same happening.
        seen = set()
        for e in latest.values():
            ident = (e["code"][:2], tuple(sorted([e["source"]["name"], (e["target"] or {}).get("name") or ""])),
                     e["time"]["value"], e["negated"], e["modality"])
            check(ident not in seen, f"duplicate event for {ident}")
            seen.add(ident)

        stories = latest_by_key(kcat(broker.bootstrap, "news.stories"))
        story = [s for s in stories.values() if s["items"] == 3]
        check(len(story) == 1 and story[0]["sources"] == 3, "the wire story is one story of 3 items")

        # --- second cycle: conditional GET, exact duplicates, nothing new ----
        before = len(events)
        r2 = run(newsd, "run", "--once", "--config", cfg)
        check(r2.returncode == 0, "second run exits 0")
        check("feed Continental Wire: not modified" in r2.stderr, "ETag sent back, 304 handled")
        check(any(p == "/continental.xml" and h.get("If-None-Match") == '"cw-1"'
                  for p, h in server.requests), "If-None-Match sent")
        check("feed Evening Ledger: 200, 1 items (0 new, 1 exact duplicates" in r2.stderr,
              "re-fetched items are exact duplicates")
        # (run --once exits after Kafka acknowledged what it published.)
        check("; 0 messages published" in r2.stderr, "second cycle published nothing")
        check(len(kcat(broker.bootstrap, "news.events")) == before, "second cycle republished nothing")

        # --- feeds list --------------------------------------------------------
        fl = run(newsd, "feeds", "list", "--config", cfg, "--json")
        check(fl.returncode == 0, "feeds list exits 0")
        feeds_state = {f["name"]: f for f in (json.loads(l) for l in fl.stdout.splitlines())}
        check(feeds_state["Erroring"]["status"] == "failing" and feeds_state["Erroring"]["last_error"] == "HTTP 500",
              f"feeds list shows the failing feed: {feeds_state.get('Erroring')}")
        check(feeds_state["Continental Wire"]["status"] == "ok" and feeds_state["Continental Wire"]["items_seen"] == 1,
              "feeds list shows the good feed")
        check(feeds_state["Slow"]["last_error"].startswith("timeout"), "feeds list shows the timeout")
        check("not a feed" in feeds_state["Web Page"]["last_error"], "feeds list shows the parse error")
        for name in ("Endless", "Bomb", "Loop", "Not TLS", "Garbage", "Empty"):
            f = feeds_state.get(name, {})
            check(f.get("status") == "failing" and f.get("last_error") and f.get("next_poll"),
                  f"feeds list: {name} failing with its error and a retry scheduled ({f})")
        table = run(newsd, "feeds", "list", "--config", cfg)
        check(table.returncode == 0 and "LAST ERROR" in table.stdout and "Erroring" in table.stdout, "feeds list table")

        # --- timeline ------------------------------------------------------
        t = run(newsd, "timeline", "Scholz", "--config", cfg)
        check(t.returncode == 0, "timeline exits 0")
        tl = [json.loads(l) for l in t.stdout.splitlines() if l.strip()]
        check(meetings and any(e["id"] == meetings[0]["id"] for e in tl), "timeline of Scholz has the meeting")
        check(all("item_ids" not in e for e in tl), "timeline prints the published form")
        t2 = run(newsd, "timeline", "Olaf Scholz", "--config", cfg, "--until", "2024-07-01")
        check(t2.stdout.strip() == "", "--until filters")
        t3 = run(newsd, "timeline", "Wang Yi", "--config", cfg, "--limit", "1")
        check(len(t3.stdout.splitlines()) == 1, "--limit limits")

        # --- Kafka down: the outbox keeps everything until it is back -------
        store2 = os.path.join(work, "store2")
        cfg_down = os.path.join(work, "down.toml")
        extra = 'topic_events = "down.events"\ntopic_stories = "down.stories"\nflush_timeout = "4s"\nmessage_timeout = "2s"'
        write_config(cfg_down, store2, "127.0.0.1:1", feeds[:4], extra)
        r3 = run(newsd, "run", "--once", "--config", cfg_down)
        check(r3.returncode == 1, f"run with Kafka down exits 1, got {r3.returncode}")
        kept = re.search(r"(\d+) messages stay in the outbox", r3.stderr)
        check(kept is not None and int(kept.group(1)) > 0, "outbox retention logged with its count")
        kept = int(kept.group(1)) if kept else -1
        cfg_up = os.path.join(work, "up.toml")
        write_config(cfg_up, store2, broker.bootstrap, feeds[:4], extra)
        r4 = run(newsd, "run", "--once", "--config", cfg_up)
        check(r4.returncode == 0, "run with Kafka back exits 0")
        check(re.search(rf"; {kept} messages published", r4.stderr) is not None,
              f"the run with Kafka back publishes exactly the {kept} messages kept")
        raw = kcat(broker.bootstrap, "down.events") + kcat(broker.bootstrap, "down.stories")
        versions = [(m["key"], json.loads(m["payload"])["version"]) for m in raw]
        check(len(raw) == kept and len(set(versions)) == len(versions),
              f"Kafka holds each kept message once: {len(raw)} messages, {len(set(versions))} "
              f"distinct versions, {kept} kept")
        recovered = latest_by_key(kcat(broker.bootstrap, "down.events"))
        check(any({e["source"]["name"], (e["target"] or {}).get("name")} == {"Emmanuel Macron", "Olaf Scholz"}
                  for e in recovered.values()), "including the meeting")
    finally:
        broker.stop()
        server.stop()


main_wrapper("e2e_pipeline", body)
