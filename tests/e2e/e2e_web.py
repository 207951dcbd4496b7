#!/usr/bin/env python3
"""End to end: the API and the web timeline of a running daemon.

`newsd run` reads, from a loopback server, an article that tells one
meeting several times (tests/data/feeds/repeated_story.xml) and, later, a
second feed that gains an item while a browser has the page open. Checked:

- the API: entity search by a partial name and by an alias, the timeline
  (the meeting is one event with several mentions), cursor paging, events
  by id and by code, a story with its events, the SSE stream resuming
  from Last-Event-ID without a gap, RFC 9457 problems for bad input;
- the page in headless Chromium (DevTools protocol): typing part of a
  name shows suggestions, Enter opens the timeline, which shows the meeting
  once with its mention count, its evidence sentences and the chart's
  bars; the new item's event appears without a reload; the story view.
  A screenshot is kept (NEWSD_ARTIFACT_DIR, default ./artifacts).

Skips (77) without chromium; CI refuses skips.
"""
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (FeedServer, check, fixture, main_wrapper, static,  # noqa: E402
                     raw_request, wait_until)
import cdp  # noqa: E402

LIVE_EMPTY = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>https://harbour.example.net/</link>
</channel></rss>"""

LIVE_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>https://harbour.example.net/</link>
<item>
<title>Blinken in Tokyo</title>
<link>https://harbour.example.net/asia/blinken-tokyo</link>
<guid isPermaLink="false">ht-2024-10-01-7</guid>
<pubDate>Tue, 01 Oct 2024 09:00:00 GMT</pubDate>
<description>Secretary of State Antony Blinken visited Tokyo on Tuesday, where he met Japanese
Prime Minister Fumio Kishida to discuss trade and shipping lanes.</description>
</item>
</channel></rss>"""


def get(base, path, headers=None):
    """(status, content type, body text) of a GET."""
    req = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def get_json(base, path):
    status, _, body = get(base, path)
    return status, json.loads(body) if body else None


def read_stream(base, last_event_id, want, timeout=10):
    """The first `want` (id, event, data) messages of /api/v1/stream."""
    host, port = base[len("http://"):].split(":")
    out = []
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        head = "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
        if last_event_id is not None:
            head += f"Last-Event-ID: {last_event_id}\r\n"
        s.sendall((head + "\r\n").encode())
        buf = b""
        deadline = time.time() + timeout
        while len(out) < want and time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            buf += chunk
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                fields = {}
                for line in block.decode().split("\n"):
                    if line.startswith(":") or ":" not in line:
                        continue
                    k, _, v = line.partition(":")
                    fields[k] = v[1:] if v.startswith(" ") else v
                if "data" in fields:
                    out.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
    return out


def check_api(base):
    # Search: a partial name, a later word of a name, an alias, accents.
    status, r = get_json(base, "/api/v1/entities?q=blin")
    check(status == 200, "entity search answers 200")
    names = [e["name"] for e in r["entities"]]
    check("Antony Blinken" in names, f"'blin' suggests Antony Blinken (got {names})")
    blinken = next(e for e in r["entities"] if e["name"] == "Antony Blinken")
    check(blinken["events"] >= 1 and blinken["last_seen"], f"the entity has counts ({blinken})")
    _, r = get_json(base, "/api/v1/entities?q=Yi")
    check("Wang Yi" in [e["name"] for e in r["entities"]], "a later word of a name finds it ('Yi')")
    _, r = get_json(base, "/api/v1/entities?q=" + urllib.parse.quote("WÁNG"))
    check("Wang Yi" in [e["name"] for e in r["entities"]], "search ignores case and accents")

    # The timeline under an alias: the meeting is one event with several mentions.
    status, t = get_json(base, "/api/v1/timeline/Blinken")
    check(status == 200 and t["entity"]["name"] == "Antony Blinken",
          f"the alias 'Blinken' opens Antony Blinken's timeline ({status})")
    meetings = [e for e in t["events"] if e["code"].startswith("04")
                and {e["source"]["name"], (e["target"] or {}).get("name")} == {"Antony Blinken", "Wang Yi"}]
    check(len(meetings) == 1, f"the meeting is one event, not {len(meetings)}")
    meeting = meetings[0] if meetings else None
    if meeting:
        check(meeting["mentions"] >= 3, f"the meeting has several mentions ({meeting['mentions']})")
        check(len(meeting["evidence"]) >= 2, "the meeting has several evidence sentences")
    status, h = get_json(base, "/api/v1/histogram/Blinken")
    check(status == 200 and sum(sum(d["counts"]) for d in h["days"]) == len(t["events"]),
          "the histogram counts the entity's events")
    times = [e["time"]["value"] for e in t["events"]]
    check(times == sorted(times, reverse=True), "the timeline is newest first")

    # Paging: one at a time with the cursor walks the same events.
    seen, cursor = [], None
    for _ in range(20):
        q = "/api/v1/timeline/Antony%20Blinken?limit=1" + (f"&cursor={cursor}" if cursor else "")
        _, page = get_json(base, q)
        seen += [e["id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    check(seen == [e["id"] for e in t["events"]], "paging with the cursor gives the same events")

    if meeting:
        status, ctype, body = get(base, "/api/v1/events/" + meeting["id"])
        check(status == 200 and ctype.startswith("application/json")
              and json.loads(body)["id"] == meeting["id"], "an event by its id")
        _, by_code = get_json(base, "/api/v1/events?code=04&country=usa")
        check(meeting["id"] in [e["id"] for e in by_code["events"]],
              "events by code prefix and country include the meeting")
        _, by_code = get_json(base, "/api/v1/events?code=19")
        check(meeting["id"] not in [e["id"] for e in by_code["events"]], "another code excludes it")
        status, story = get_json(base, "/api/v1/stories/" + meeting["story_id"])
        check(status == 200 and meeting["id"] in [e["id"] for e in story["events"]]
              and story["schema"] == "newsd.story/1", "the story with its events")

    # Problems: bad parameters 400, unknown ids 404, as application/problem+json.
    for path, want in [("/api/v1/timeline/x?limit=0", 400), ("/api/v1/timeline/x?lmit=3", 400),
                       ("/api/v1/entities?q=", 400), ("/api/v1/entities?q=%zz", 400),
                       ("/api/v1/entities?q=%00", 400), ("/api/v1/events?since=yesterday", 400),
                       ("/api/v1/events?code=04&code=05", 400), ("/api/v1/events?country=US", 400),
                       ("/api/v1/timeline/x?cursor=zz", 400), ("/api/v1/events/ev-nothex", 400),
                       ("/api/v1/events/..%2f..%2fmeta", 400),
                       ("/api/v1/events/ev-0000000000000000", 404),
                       ("/api/v1/stories/st-0000000000000000", 404),
                       ("/api/v1/timeline/Nobody%20Atall", 404), ("/api/v2/nothing", 404),
                       ("/etc/passwd", 404)]:
        status, ctype, body = get(base, path)
        ok = status == want and ctype.startswith("application/problem+json")
        if ok:
            doc = json.loads(body)
            ok = doc["status"] == want and doc["title"] and doc["detail"]
        check(ok, f"{path} is a {want} problem document (got {status} {ctype})")
    check(" 405 " in raw_request(base, "POST /api/v1/entities HTTP/1.1\r\nContent-Length: 9999999\r\n\r\n"),
          "POST is refused with 405 before any body is read")

    # The stream: everything from the start, then a resume misses nothing.
    msgs = read_stream(base, 0, 1000, timeout=3)
    check(len(msgs) >= 3, f"the stream replays what the store holds ({len(msgs)} messages)")
    ids = [m[0] for m in msgs]
    check(ids == sorted(ids) and len(set(ids)) == len(ids), "stream ids increase")
    check({m[1] for m in msgs} <= {"event", "story"} and "event" in {m[1] for m in msgs},
          "stream messages are events and stories")
    if len(msgs) >= 3:
        k = ids[1]
        resumed = read_stream(base, k, len(msgs) - 2, timeout=3)
        check([m[0] for m in resumed] == ids[2:], "a reconnect with Last-Event-ID resumes right after it")
    return meeting


def check_page(base, meeting, live_feed, artifacts):
    try:
        browser = cdp.Browser()
    except FileNotFoundError:
        print("chromium not installed: skipped")
        sys.exit(77)
    try:
        browser.navigate(base + "/")
        check(browser.wait("document.querySelectorAll('li.event').length > 0"),
              "the front page lists the latest events")
        check(browser.wait("document.getElementById('live').textContent === 'live'"),
              "the page connects to the live stream")
        # Search as a person would: '/', part of a name, the suggestion, Enter.
        browser.key("/", "Slash", 191)
        check(browser.eval("document.activeElement.id") == "q", "'/' focuses the search box")
        browser.type("Blin")
        suggestion = browser.wait(
            "[...document.querySelectorAll('#suggestions li[data-name]')].map(l => l.dataset.name).join('|')")
        check(suggestion and "Antony Blinken" in suggestion, f"suggestions name Antony Blinken ({suggestion})")
        browser.key("Enter", "Enter", 13)
        check(browser.wait("location.search === '?entity=Antony%20Blinken'"),
              "Enter opens the entity and puts it in the URL")
        check(browser.wait("document.querySelector('h1') && document.querySelector('h1').textContent === 'Antony Blinken'"),
              "the timeline's heading is the entity")
        if meeting:
            card = f"document.querySelector('li.event[data-id=\"{meeting['id']}\"]')"
            check(browser.wait("!!" + card), "the meeting is on the timeline")
            n = browser.eval(f"document.querySelectorAll('li.event[data-id=\"{meeting['id']}\"]').length")
            check(n == 1, f"the meeting is shown once ({n})")
            text = browser.eval(card + ".innerText")
            check(f"{meeting['mentions']} mentions" in text, f"its mention count is shown ({text[:200]!r})")
            check("Wang Yi" in text, "its other party is shown")
            evid = browser.eval(card + ".querySelectorAll('blockquote.evidence').length")
            check(evid == len(meeting["evidence"]), f"its {len(meeting['evidence'])} evidence sentences are shown ({evid})")
            link = browser.eval(card + ".querySelector('blockquote.evidence a').href")
            check(link == meeting["evidence"][0]["link"], "evidence links to the article")
        bars = browser.eval("[...document.querySelectorAll('svg rect.bar')].map(r => +r.dataset.count).reduce((a, b) => a + b, 0)")
        shown = browser.eval("document.querySelectorAll('li.event').length")
        check(bars == shown and bars > 0, f"the chart's bars count the events listed ({bars} vs {shown})")
        browser.screenshot(os.path.join(artifacts, "web_timeline.png"))

        # Live: the new item's event appears on the open page without a reload.
        browser.eval("window.__same_page = true")
        before = shown
        live_feed["body"] = LIVE_ITEM
        appeared = browser.wait(f"document.querySelectorAll('li.event').length > {before}", timeout=30)
        check(appeared, "a new event appears live on the open timeline")
        check(browser.eval("window.__same_page === true"), "without reloading the page")
        text = browser.eval("document.querySelector('li.event').innerText") or ""
        check("Fumio Kishida" in text, f"the live event is the new meeting, on top ({text[:120]!r})")
        browser.screenshot(os.path.join(artifacts, "web_timeline_live.png"))

        if meeting:
            browser.navigate(base + "/?story=" + meeting["story_id"])
            check(browser.wait("document.querySelector('h1') && document.querySelector('h1').textContent.includes('Blinken')"),
                  "the story view shows its headline")
            check(browser.wait(f"!!document.querySelector('li.event[data-id=\"{meeting['id']}\"]')"),
                  "the story view lists the meeting")
            browser.screenshot(os.path.join(artifacts, "web_story.png"))
        check(not browser.console, f"no JavaScript errors ({browser.console})")
    finally:
        browser.close()


def body(args, work):
    if not cdp.find_chromium():
        print("chromium not installed: skipped")
        sys.exit(77)
    artifacts = os.environ.get("NEWSD_ARTIFACT_DIR", os.path.join(os.getcwd(), "artifacts"))
    os.makedirs(artifacts, exist_ok=True)
    live_feed = {"body": LIVE_EMPTY}
    server = FeedServer({
        "/ledger.xml": static(fixture(args.source, "repeated_story.xml")),
        "/harbour.xml": lambda req: (200, {"Content-Type": "application/rss+xml"}, live_feed["body"]),
    })
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{work}/store"\nsync = false\n[kafka]\nbrokers = "embedded"\n'
                '[http]\nlisten = ""\n[api]\nlisten = "127.0.0.1:0"\n'
                '[schedule]\nmin_interval = "1s"\ndefault_interval = "1s"\nadaptive = false\n'
                f'[[feeds]]\nurl = "{server.url("/ledger.xml")}"\nname = "Evening Ledger"\n'
                f'[[feeds]]\nurl = "{server.url("/harbour.xml")}"\nname = "Harbour Times"\n')
    log_path = os.path.join(work, "newsd.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([args.newsd, "run", "--config", cfg], stdout=log, stderr=log)
    try:
        pattern = r"API on http://(127\.0\.0\.1:\d+)/"
        wait_until(lambda: re.search(pattern, open(log_path).read()), 20)
        found = re.search(pattern, open(log_path).read())
        check(found, "the daemon logs where the API listens")
        if not found:
            print(open(log_path).read())
            return
        base = "http://" + found.group(1)
        check(wait_until(lambda: get_json(base, "/api/v1/entities?q=wang")[1]["entities"], 30),
              "the article's events reach the API")
        status, ctype, page = get(base, "/")
        check(status == 200 and ctype.startswith("text/html") and "<title>newsd</title>" in page,
              "GET / serves the page")
        meeting = check_api(base)
        check_page(base, meeting, live_feed, artifacts)
    finally:
        proc.terminate()
        proc.wait(30)
        server.stop()


if __name__ == "__main__":
    main_wrapper("e2e_web", body)
