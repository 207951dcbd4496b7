#!/usr/bin/env python3
"""End to end: full-text fetching. A feed of one-line teasers served over
real HTTP links to article pages on the same server; `newsd run --once`
fetches the pages of the new items, and the event that only the article
tells reaches Kafka (read with kcat), its evidence linking to the article.
Pages that fail (403, a server slower than the fetch timeout, a page with
no article, a PDF) leave their items with the teaser, are logged and do not
stop the feed; a feed with full_text = "never" fetches no page; a second
cycle fetches nothing again."""

import json
import os
import time

from harness import Broker, FeedServer, check, kcat, latest_by_key, main_wrapper, run


def teaser_feed(server, prefix, n):
    items = "".join(
        f"<item><title>Story {prefix}{i}</title><guid>{prefix}{i}</guid>"
        f"<link>{server.url(f'/news/{prefix}{i}')}</link>"
        f"<description>Leaders gather in the north.</description></item>" for i in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers {prefix}</title>'
            f"<link>{server.url('/')}</link>{items}</channel></rss>").encode()


ARTICLE = """<!doctype html><html><head><title>Nordic leaders meet | Fjord Times</title>
<link rel="canonical" href="{canonical}">
<meta property="article:published_time" content="2026-03-03T07:30:00Z">
<script>window.__STATE__={{"teasers":["<p>Not article text, a script string.</p>"]}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div id="cookie-notice"><p>We use cookies to measure our audience and to show you offers that
  match your interests, across our sites and those of our partners.</p></div>
<main><article>
<h1>Nordic leaders meet over fishing quotas</h1>
<div class="byline">By Staff</div>
<div class="article-body">
<p>The prime minister of Norway met the president of Finland in Oslo on Tuesday to discuss
  fishing quotas in the Barents Sea, officials said.</p>
<p>Both sides described the talks as constructive, and their ministers will meet again in June
  to settle the figures for next year.</p>
</div></article></main>
<aside class="related"><ul><li><a href="/x">Quota talks stall in Brussels, again</a></li></ul></aside>
<section class="comments"><p>Great news for the fleet, finally some sense from the capitals,
  after years of nothing but talk and more talk about the same old quotas.</p></section>
</body></html>"""


def body(args, work):
    newsd = args.newsd

    def slow(req):
        time.sleep(5)  # longer than [fetch] timeout = "3s"
        return 200, {"Content-Type": "text/html"}, b"<html><body><p>late</p></body></html>"

    routes = {}
    server = FeedServer(routes)
    canonical = server.url("/world/nordic-leaders-meet")
    html = lambda text: (lambda req: (200, {"Content-Type": "text/html; charset=utf-8"},
                                      text.encode()))
    routes.update({
        "/teasers.xml": lambda req: (200, {"Content-Type": "application/rss+xml"},
                                     teaser_feed(server, "a", 5)),
        "/never.xml": lambda req: (200, {"Content-Type": "application/rss+xml"},
                                   teaser_feed(server, "b", 2)),
        "/news/a0": html(ARTICLE.format(canonical=canonical)),
        "/news/a1": lambda req: (403, {"Content-Type": "text/html"}, b"<p>Forbidden</p>"),
        "/news/a2": slow,
        "/news/a3": html("<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        "/news/a4": lambda req: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ..."),
        "/news/b0": html(ARTICLE.format(canonical=canonical + "-b")),
        "/news/b1": html(ARTICLE.format(canonical=canonical + "-b1")),
    })
    broker = Broker(newsd, work)
    try:
        cfg = os.path.join(work, "newsd.toml")
        with open(cfg, "w") as f:
            f.write(f'[store]\npath = "{os.path.join(work, "store")}"\nsync = false\n'
                    f'[kafka]\nbrokers = "{broker.bootstrap}"\n'
                    '[fetch]\ntimeout = "3s"\nconnect_timeout = "2s"\n'
                    '[http]\nlisten = ""\n[api]\nlisten = ""\n'
                    f'[[feeds]]\nurl = "{server.url("/teasers.xml")}"\nname = "Teasers"\n'
                    f'[[feeds]]\nurl = "{server.url("/never.xml")}"\nname = "Teasers only"\n'
                    'full_text = "never"\n')

        started = time.time()
        r = run(newsd, "run", "--once", "--config", cfg)
        took = time.time() - started
        check(r.returncode == 0, f"run exits 0 (got {r.returncode}): {r.stderr[-2000:]}")
        log = r.stderr
        check("feed Teasers: full text for 1 of 5 new items with short text" in log,
              "the log says how many articles were had: " +
              "\n".join(l for l in log.splitlines() if "full text" in l))
        check("feed Teasers: 200, 5 items (5 new" in log, "every item committed, teaser or not")
        check("feed Teasers only: 200, 2 items (2 new" in log, "the never feed is processed")
        for path in ("/news/a0", "/news/a1", "/news/a2", "/news/a3", "/news/a4"):
            check(server.count(path) == 1, f"{path} fetched once (got {server.count(path)})")
        check(server.count("/news/b0") == 0 and server.count("/news/b1") == 0,
              "full_text = never fetches no page")
        # The slow page costs at most the fetch timeout, not the cycle.
        check(took < 30, f"run --once took {took:.1f} s")

        events = latest_by_key(kcat(broker.bootstrap, "news.events"))
        meetings = [e for e in events.values()
                    if e["code"].startswith("04") and
                    {e["source"]["name"], (e["target"] or {}).get("name")} == {"Norway", "Finland"}]
        check(len(meetings) == 1, f"the meeting only the article tells is one event: {meetings}")
        if meetings:
            links = {ev["link"] for ev in meetings[0]["evidence"]}
            check(links == {server.url("/news/a0")}, f"its evidence links to the article: {links}")
            sentences = " ".join(ev["sentence"] for ev in meetings[0]["evidence"])
            check("Barents Sea" in sentences, f"evidence is the article's sentence: {sentences}")
            check(meetings[0]["items"] == 1, "one item reports it (the never feed's did not)")
        check(not any("script string" in ev["sentence"] or "cookies" in ev["sentence"]
                      for e in events.values() for ev in e["evidence"]),
              "nothing from scripts or banners becomes evidence")

        # A second cycle: every item is a repeat; no page is fetched again.
        r2 = run(newsd, "run", "--once", "--config", cfg)
        check(r2.returncode == 0, f"second run exits 0: {r2.stderr[-1000:]}")
        check(server.count("/news/a0") == 1 and server.count("/news/a1") == 1,
              "a repeated item's article is not fetched again")
        check("full text for" not in r2.stderr, "no full-text line on a cycle with nothing new")

        # What full text reads from a page, as a user previews it.
        page = os.path.join(work, "page.html")
        with open(page, "w") as f:
            f.write(ARTICLE.format(canonical="/world/nordic-leaders-meet"))
        r3 = run(newsd, "article", page, "--url", "https://fjord.example/x/y")
        check(r3.returncode == 0, f"newsd article exits 0: {r3.stderr}")
        a = json.loads(r3.stdout)
        check(a["source"] == "markup" and a["text"].startswith("The prime minister of Norway")
              and "Barents Sea" in a["text"] and "cookies" not in a["text"]
              and "Great news" not in a["text"], f"newsd article prints the body: {a}")
        check(a["canonical_url"] == "https://fjord.example/world/nordic-leaders-meet",
              f"canonical resolved against --url: {a['canonical_url']}")
        check(a["published"] == "2026-03-03T07:30:00Z", f"published: {a['published']}")
        r4 = run(newsd, "article", server.url("/news/a3"))
        check(r4.returncode == 1 and "no article text" in r4.stderr,
              f"a page without an article: exit 1 ({r4.returncode}, {r4.stderr!r})")
    finally:
        broker.stop()
        server.stop()


if __name__ == "__main__":
    main_wrapper("e2e_fulltext", body)
