#!/usr/bin/python3
"""Full-text benchmark: newsd's article extractor against python3-readability
(Debian's readability-lxml 0.8.1, an oracle here, never a dependency) on
article pages built in the shapes of real news sites.

Pages are generated here, deterministic from --seed: news-like prose in
the body, and around it what real sites put there, with the class and id
names drawn from lists of those seen on real sites (some of which the
extractor does not know): site header and navigation, bylines, photos with
captions, share bars, inline advertising, "read more" links inside the
body, newsletter boxes, related and recommended stories (with teaser text),
most-read lists, comment threads (some longer than the article), cookie
banners, paywall prompts, live blogs, galleries, blogs that break text with
<br>, and pages whose body is rendered by script from JSON-LD. Each page's
gold text is the article's own paragraphs and subheads, not its headline,
byline, captions or anything around it.

Scoring: word-level precision and recall (multisets of lower-case words)
of each page's extracted text against its gold text; the report gives the
macro average over pages and the figures by page shape. Throughput: MB/s
of HTML through ExtractArticle (build/bench/article_bench), and
readability's on the same pages (same process, same run).

With --cycle N: also what full text costs a cold `newsd run --once` over
N teaser feeds of 20 items each (one-sentence descriptions linking to the
generated pages, served with the feeds by a threaded loopback server),
against the same cycle with full_text = "never".

usage: bench/fulltext_bench.py [--build build] [--pages-per-shape 12] [--seed 7]
                               [--keep DIR] [--cycle 50]
Prints one JSON report."""

import argparse
import collections
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PEOPLE = ["Amara Osei", "Bogdan Lind", "Chiara Vell", "Dmitri Sorn", "Elena Varga",
          "Farid Nasser", "Greta Holm", "Hiroshi Tan", "Ines Hallvard", "Jonas Brek",
          "Kemal Durak", "Lucia Ferro", "Marek Zale", "Nadia Rahim", "Oskar Pell"]
BODIES = ["the harbour board", "the city council", "the regional court", "the health ministry",
          "the water utility", "the teachers' union", "the transport authority",
          "the fishing cooperative", "the central bank", "the port operator",
          "the environment agency", "the university senate", "the rail company"]
PLACES = ["Northport", "Calder Bay", "Westmere", "Lowfield", "Ashby", "Ravenmouth",
          "Kestrel Point", "Dunmore", "Eastwick", "Hollin"]
THINGS = ["the dredging plan", "the new tariff", "the hospital merger", "the bridge repairs",
          "the pension reform", "the school closures", "the ferry timetable",
          "the quarry expansion", "the housing scheme", "the budget cuts", "the wind farm",
          "the night bus service"]
VERBS = ["approved", "rejected", "postponed", "criticised", "defended", "challenged",
         "welcomed", "questioned", "amended", "suspended"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
        "at the weekend", "late on Sunday", "earlier this week"]
REASONS = ["citing the cost of materials", "after months of talks",
           "despite objections from residents", "under pressure from local businesses",
           "following a review by independent engineers", "to the surprise of many observers",
           "in a vote of seven to four", "after a heated public meeting"]
DETAILS = ["Officials said the decision would be reviewed in the spring",
           "The change affects about {n} households in {place}",
           "Critics argue the figures do not add up",
           "The opposition called for an independent inquiry",
           "A spokesperson declined to comment on the timetable",
           "Work is expected to begin before the end of the year",
           "Residents have been invited to a consultation in {place}",
           "The cost has risen by {n} percent since the first estimate",
           "Similar plans were abandoned twice in the past decade",
           "Local shops reported fewer customers during the works"]
QUOTES = ["\"We cannot wait another winter,\" said {person}, who chairs the committee.",
          "\"This is the right decision for {place},\" {person} told reporters.",
          "\"Nobody asked the people who live here,\" said {person}, a resident.",
          "{person} said the board had \"listened, and changed course\"."]
SUBHEADS = ["What happens next", "Costs shared", "A long dispute", "Reaction in {place}",
            "The numbers", "Who pays"]
COMMENTS = ["I have lived in {place} for thirty years and this is the first time anyone has "
            "bothered to ask us, so forgive me if I am not grateful, because the dust, the noise "
            "and the lorries have ruined every summer.",
            "Another waste of money, while the roads fall apart, the schools need roofs and the "
            "buses stop running at seven in the evening. Who voted for this?",
            "Good news at last. My father worked on the harbour for forty years, and he always "
            "said that the basin would silt up if nobody paid for it.",
            "Does anyone know whether the consultation will be online as well, or only in the "
            "town hall, which is closed on the days most of us could go?"]
TEASERS = ["{body_cap} faces questions over {thing}", "Why {place} is divided over {thing}",
           "{person} to step down after ten years", "Five things to know about {thing}",
           "Storm damage bill rises in {place}", "Ferry fares to rise again in spring"]

# Class and id names as real sites use them, for each kind of furniture.
NAMES = {
    "nav": ["site-nav", "main-navigation", "nav-primary", "global-header", "menu-main", "topbar"],
    "share": ["share-tools", "social-share", "article-share", "sharebar", "share-buttons",
              "article-tools"],
    "ad": ["ad-slot", "ad-container", "advert", "dfp-ad", "ad-unit", "adsbygoogle",
           "gpt-slot"],
    "related": ["related-stories", "related", "more-on-this-story", "recirc-module",
                "read-next", "bottom-rail", "outbrain-widget", "story-package"],
    "comments": ["comments", "comment-section", "article-comments", "discussion",
                 "coral-talk", "disqus_thread", "reader-responses"],
    "cookie": ["cookie-banner", "consent-notice", "gdpr-wall", "cmp-container",
               "privacy-prompt"],
    "newsletter": ["newsletter-signup", "inline-newsletter", "signup-box", "email-capture"],
    "paywall": ["paywall", "subscribe-prompt", "meter-wall", "regwall", "piano-offer"],
    "mostread": ["most-read", "trending", "popular-list", "mostpopular", "top-stories-rail"],
    "body": ["article-body", "story-body", "entry-content", "post-content", "article__content",
             "content-body", "rich-text", "body-copy", "articleBody", "c-entry-content"],
}


class Writer:
    def __init__(self, rng):
        self.rng = rng

    def fill(self, s):
        r = self.rng
        body = r.choice(BODIES)
        return s.format(person=r.choice(PEOPLE), place=r.choice(PLACES), thing=r.choice(THINGS),
                        n=r.randint(3, 900), body=body, body_cap=body[0].upper() + body[1:])

    def sentence(self):
        r = self.rng
        kind = r.random()
        if kind < 0.45:
            body = r.choice(BODIES)
            return "%s %s %s %s, %s." % (body[0].upper() + body[1:], r.choice(VERBS),
                                         r.choice(THINGS), r.choice(DAYS), r.choice(REASONS))
        if kind < 0.8:
            return self.fill(r.choice(DETAILS)) + "."
        return self.fill(r.choice(QUOTES))

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def article(self, paragraphs):
        """[(kind, text)] with kind 'p' or 'h2'."""
        out = []
        for i in range(paragraphs):
            if i > 2 and self.rng.random() < 0.15:
                out.append(("h2", self.fill(self.rng.choice(SUBHEADS))))
            out.append(("p", self.paragraph()))
        return out

    def teaser_list(self, n, with_text):
        items = []
        for _ in range(n):
            t = html.escape(self.fill(self.rng.choice(TEASERS)))
            extra = "<p>%s</p>" % html.escape(self.sentence()) if with_text else ""
            items.append('<li><a href="/story/%d">%s</a>%s</li>' % (self.rng.randint(1, 99999), t,
                                                                    extra))
        return "<ul>%s</ul>" % "".join(items)


def esc(s):
    return html.escape(s, quote=False)


def body_html(parts):
    return "\n".join("<%s>%s</%s>" % (k, esc(t), k) for k, t in parts)


def gold_text(parts):
    return "\n\n".join(t for _, t in parts)


def page_weight(w):
    """What real pages carry besides the text: inline CSS, the app's state
    as a script, an icon sprite (tens of kilobytes; real pages carry more)."""
    r = w.rng
    css = "".join(".c%d{margin:%dpx;padding:%dpx;color:#%06x;font:%dpx/1.4 serif}" %
                  (i, r.randint(0, 20), r.randint(0, 20), r.randint(0, 0xffffff), r.randint(10, 30))
                  for i in range(r.randint(100, 300)))
    state = json.dumps({"config": {"ads": True, "region": "uk"},
                        "rail": [{"title": w.fill(r.choice(TEASERS)), "url": "/story/%d" % i,
                                  "summary": w.sentence()} for i in range(r.randint(40, 120))]})
    sprite = "".join('<symbol id="i%d" viewBox="0 0 24 24"><path d="M%d %dl%d %dz"/></symbol>' %
                     (i, r.randint(0, 24), r.randint(0, 24), r.randint(-9, 9), r.randint(-9, 9))
                     for i in range(r.randint(30, 80)))
    return ("<style>%s</style><script>window.__STATE__=%s</script>" % (css, state),
            '<svg style="display:none">%s</svg>' % sprite)


def head(w, title, url, extra=""):
    in_head, in_body = page_weight(w)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | The %s "
            "Gazette</title><link rel=\"canonical\" href=\"%s\"><meta property=\"og:title\" "
            "content=\"%s\">%s<link rel=\"stylesheet\" href=\"/s.css\"><script>window.dataLayer="
            "[];function gtag(){dataLayer.push(arguments)}</script>%s</head>%s" %
            (esc(title), w.rng.choice(PLACES), url, esc(title), extra, in_head,
             in_body.replace("<svg", "<body><svg", 1)))


def site_header(w):
    r = w.rng
    links = "".join('<li><a href="/%s">%s</a></li>' % (s.lower(), s) for s in
                    ["News", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather"])
    if r.random() < 0.5:
        return ('<header class="site-header"><a class="logo" href="/">Gazette</a><nav class="%s">'
                '<ul>%s</ul></nav></header>' % (r.choice(NAMES["nav"]), links))
    return '<div id="%s" class="masthead"><ul class="menu">%s</ul></div>' % (
        r.choice(NAMES["nav"]), links)


def byline(w):
    r = w.rng
    return ('<div class="%s">By <a href="/staff/x">%s</a> <time datetime="2026-03-0%dT08:00:00Z">'
            '%d March 2026</time></div>' % (r.choice(["byline", "article-meta", "author-info"]),
                                            r.choice(PEOPLE), r.randint(1, 9), r.randint(1, 9)))


def figure(w):
    return ('<figure class="lead-image"><img src="/img/%d.jpg" alt=""><figcaption>%s Photograph: '
            'Staff</figcaption></figure>' % (w.rng.randint(1, 999), esc(w.sentence())))


def comments(w, n):
    r = w.rng
    items = "".join('<div class="comment"><span class="user">reader%d</span><p>%s</p>'
                    '<a href="#">Reply</a></div>' % (r.randint(1, 999), esc(w.fill(r.choice(COMMENTS))))
                    for _ in range(n))
    return '<section id="%s"><h3>%d comments</h3>%s</section>' % (r.choice(NAMES["comments"]), n,
                                                                  items)


def cookie(w):
    return ('<div class="%s"><p>We and our partners use cookies and similar technologies to '
            'store and access information on your device, to measure audiences, personalise '
            'content and advertising, and develop our services.</p><button>Accept</button>'
            '<button>Manage options</button></div>' % w.rng.choice(NAMES["cookie"]))


def footer(w):
    return ('<footer><p>© 2026 Gazette Media Ltd. All rights reserved. Registered in England, '
            'company number 01234567.</p><ul><li><a href="/privacy">Privacy</a></li>'
            '<li><a href="/terms">Terms</a></li></ul></footer>')


def related(w, with_text):
    r = w.rng
    return '<div class="%s"><h3>Related stories</h3>%s</div>' % (r.choice(NAMES["related"]),
                                                                  w.teaser_list(5, with_text))


def shape_broadsheet(w, url):
    parts = w.article(w.rng.randint(6, 12))
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + cookie(w) + "<main><article>"
            "<h1>%s</h1>%s%s<div class=\"%s\">%s</div><div class=\"%s\"><a href=\"#\">Share</a>"
            "<a href=\"#\">Tweet</a><a href=\"#\">Email</a></div></article></main>%s%s%s</body>"
            "</html>" % (esc(title), byline(w), figure(w), w.rng.choice(NAMES["body"]),
                         body_html(parts), w.rng.choice(NAMES["share"]), related(w, False),
                         comments(w, w.rng.randint(2, 8)), footer(w)))
    return page, gold_text(parts)


def shape_wire(w, url):
    parts = w.article(w.rng.randint(4, 9))
    place = w.rng.choice(PLACES).upper()
    parts[0] = ("p", "%s (Wire) - %s" % (place, parts[0][1]))
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + "<div id=\"wrapper\">" + site_header(w) +
            "<div id=\"content\"><h1>%s</h1>%s<div class=\"%s\">%s</div>"
            "<p class=\"credits\">Reporting by %s; editing by %s</p></div>"
            "<div class=\"%s\"><h3>Most read</h3>%s</div></div>%s</body></html>" %
            (esc(title), byline(w), w.rng.choice(NAMES["body"]), body_html(parts),
             w.rng.choice(PEOPLE), w.rng.choice(PEOPLE), w.rng.choice(NAMES["mostread"]),
             w.teaser_list(8, False), footer(w)))
    return page, gold_text(parts)


def shape_tabloid(w, url):
    """Advertising, 'read more' links and a newsletter box inside the body."""
    parts = w.article(w.rng.randint(8, 14))
    pieces = []
    for i, (k, t) in enumerate(parts):
        pieces.append("<%s>%s</%s>" % (k, esc(t), k))
        if i % 3 == 1:
            pieces.append('<div class="%s"><span>Advertisement</span></div>' %
                          w.rng.choice(NAMES["ad"]))
        if i == 3:
            pieces.append('<p><strong>READ MORE:</strong> <a href="/x">%s</a></p>' %
                          esc(w.fill(w.rng.choice(TEASERS))))
        if i == 5:
            pieces.append('<div class="%s"><h4>Get the morning briefing</h4><p>Sign up to our '
                          'free newsletter for the day\'s top stories, sent to your inbox every '
                          'morning at seven.</p><input type="email"><button>Sign up</button></div>'
                          % w.rng.choice(NAMES["newsletter"]))
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + "<div class=\"container\">"
            "<div class=\"col-main\"><h1>%s</h1>%s<div class=\"%s\">%s</div></div>"
            "<div class=\"col-side\"><div class=\"%s\"><h3>Trending</h3>%s</div></div></div>"
            "%s%s</body></html>" % (esc(title), byline(w), w.rng.choice(NAMES["body"]),
                                   "\n".join(pieces), w.rng.choice(NAMES["mostread"]),
                                   w.teaser_list(10, True), cookie(w), footer(w)))
    return page, gold_text(parts)


def shape_paywall(w, url):
    parts = w.article(2)
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + "<main><article><h1>%s</h1>%s"
            "<div class=\"%s\">%s</div><div class=\"%s\"><h3>Subscribe to continue reading</h3>"
            "<p>You have read all of your free articles this month. Subscribe today for "
            "unlimited access to award-winning journalism, our apps and the daily edition, from "
            "just one pound a week, and cancel at any time.</p><a href=\"/subscribe\">Subscribe"
            "</a></div></article></main>%s</body></html>" %
            (esc(title), byline(w), w.rng.choice(NAMES["body"]), body_html(parts),
             w.rng.choice(NAMES["paywall"]), footer(w)))
    return page, gold_text(parts)


def shape_liveblog(w, url):
    entries, gold = [], []
    for i in range(w.rng.randint(6, 14)):
        parts = [("p", w.paragraph()) for _ in range(w.rng.randint(1, 3))]
        gold += parts
        entries.append('<article class="live-entry" id="e%d"><header class="entry-meta"><time '
                       'datetime="2026-03-04T%02d:%02d:00Z">%02d:%02d</time></header>%s'
                       '<div class="%s"><a href="#">Share this update</a></div></article>' %
                       (i, 8 + i // 2, i * 7 % 60, 8 + i // 2, i * 7 % 60, body_html(parts),
                        w.rng.choice(NAMES["share"])))
    title = "Live: " + w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + "<main><h1>%s</h1>"
            "<div class=\"live-feed\">%s</div></main>%s%s</body></html>" %
            (esc(title), "\n".join(entries), related(w, True), footer(w)))
    return page, gold_text(gold)


def shape_gallery(w, url):
    intro = w.article(2)
    rest = w.article(w.rng.randint(2, 5))
    slides = "".join('<figure class="slide"><img src="/g/%d.jpg"><figcaption>%s</figcaption>'
                     '</figure>' % (i, esc(w.paragraph())) for i in range(w.rng.randint(5, 10)))
    title = "In pictures: " + w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + "<main><article><h1>%s</h1>%s"
            "<div class=\"%s\">%s<div class=\"gallery\">%s</div>%s</div></article></main>%s"
            "</body></html>" % (esc(title), byline(w), w.rng.choice(NAMES["body"]),
                                body_html(intro), slides, body_html(rest), footer(w)))
    return page, gold_text(intro + rest)


def shape_blog(w, url):
    """Text broken with <br>, and a sidebar with prose of its own."""
    parts = [("p", w.paragraph()) for _ in range(w.rng.randint(4, 9))]
    text = "<br><br>\n".join(esc(t) for _, t in parts)
    about = " ".join(w.sentence() for _ in range(4))
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + "<div id=\"page\"><div id=\"header\"><a href=\"/\">A "
            "local blog</a></div><div id=\"primary\"><div class=\"post\"><h2>%s</h2>"
            "<div class=\"post-text\">%s</div><div class=\"postmeta\">Posted by admin in "
            "<a href=\"/c\">Local</a></div></div></div><div id=\"secondary\"><h3>About</h3>"
            "<p>%s</p><h3>Blogroll</h3>%s</div></div></body></html>" %
            (esc(title), text, esc(about), w.teaser_list(6, False)))
    return page, gold_text(parts)


def shape_script(w, url):
    """The body is rendered by script; the text is in JSON-LD."""
    parts = w.article(w.rng.randint(5, 10))
    title = w.fill(w.rng.choice(TEASERS))
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": "2026-03-04T08:00:00Z", "url": url,
          "articleBody": "\n".join(t for _, t in parts)}
    extra = '<script type="application/ld+json">%s</script>' % json.dumps(ld)
    page = (head(w, title, url, extra) + "<noscript><p>Please enable JavaScript to read "
            "this article on our website, or download the app for the best experience.</p>"
            "</noscript><div id=\"root\"></div><script src=\"/bundle.js\"></script>%s</body>"
            "</html>" % footer(w))
    return page, gold_text(parts)


def shape_comments_heavy(w, url):
    """A short article under a long comment thread."""
    parts = w.article(w.rng.randint(3, 5))
    title = w.fill(w.rng.choice(TEASERS))
    page = (head(w, title, url) + site_header(w) + "<div class=\"page\"><div "
            "class=\"%s\"><h1>%s</h1>%s</div>%s</div>%s</body></html>" %
            (w.rng.choice(NAMES["body"]), esc(title), body_html(parts),
             comments(w, w.rng.randint(15, 30)), footer(w)))
    return page, gold_text(parts)


SHAPES = {"broadsheet": shape_broadsheet, "wire": shape_wire, "tabloid": shape_tabloid,
          "paywall": shape_paywall, "liveblog": shape_liveblog, "gallery": shape_gallery,
          "blog": shape_blog, "script": shape_script, "comments": shape_comments_heavy}


def words(text):
    return collections.Counter(re.findall(r"[a-z0-9]+", text.lower()))


def score(extracted, gold):
    e, g = words(extracted), words(gold)
    common = sum((e & g).values())
    p = common / sum(e.values()) if e else 0.0
    r = common / sum(g.values()) if g else 0.0
    return p, r


def readability_text(page):
    from readability import Document
    import lxml.html
    summary = Document(page).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content()


def summarize(rows):
    by = collections.defaultdict(list)
    for row in rows:
        by[row["shape"]].append(row)

    def avg(rs, k):
        return round(sum(r[k] for r in rs) / len(rs), 3) if rs else None

    return {"pages": len(rows), "precision": avg(rows, "p"), "recall": avg(rows, "r"),
            "by_shape": {s: {"precision": avg(rs, "p"), "recall": avg(rs, "r")}
                         for s, rs in sorted(by.items())}}


def cycle_cost(args, pages, feeds):
    """Wall time of a cold `newsd run --once` over `feeds` teaser feeds, with
    full text and without."""
    import http.server
    import threading
    bodies = {"/" + name: page.encode() for name, _, page, _ in pages}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            body = bodies.get(self.path)
            ctype = "text/html; charset=utf-8"
            if self.path.startswith("/feed"):
                n = int(self.path[5:].split(".")[0])
                items = "".join(
                    "<item><title>Story %d-%d</title><guid>f%d-%d</guid><link>http://127.0.0.1:%d/%s"
                    "</link><description>%s</description></item>" %
                    (n, i, n, i, port, pages[(n * 20 + i) % len(pages)][0], esc(pages[(n * 20 + i) %
                     len(pages)][3].split(".")[0]) + ".") for i in range(20))
                body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>F%d</title>'
                        "%s</channel></rss>" % (n, items)).encode()
                ctype = "application/rss+xml"
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    newsd = os.path.join(args.build, "daemon", "newsd")
    out = {}
    try:
        for mode in ("never", "auto", "never", "auto"):
            work = tempfile.mkdtemp(prefix="newsd-fulltext-cycle-")
            cfg = os.path.join(work, "newsd.toml")
            with open(cfg, "w") as f:
                f.write('[store]\npath = "%s/store"\nsync = false\n[kafka]\nbrokers = "embedded"\n'
                        '[http]\nlisten = ""\n[api]\nlisten = ""\n' % work)
                for n in range(feeds):
                    f.write('[[feeds]]\nurl = "http://127.0.0.1:%d/feed%d.xml"\nname = "F%d"\n'
                            'full_text = "%s"\n' % (port, n, n, mode))
            t0 = time.perf_counter()
            r = subprocess.run([newsd, "run", "--once", "--config", cfg], capture_output=True,
                               text=True)
            took = time.perf_counter() - t0
            events = len(re.findall(r"events (\d+) new", r.stderr))
            created = sum(int(x) for x in re.findall(r"events (\d+) new", r.stderr))
            out.setdefault(mode, []).append({"seconds": round(took, 2), "rc": r.returncode,
                                             "events_created": created, "feeds_logged": events})
            shutil.rmtree(work, ignore_errors=True)
    finally:
        httpd.shutdown()
    return {"feeds": feeds, "items": feeds * 20, "runs": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--pages-per-shape", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="write the pages here and keep them")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--cycle", type=int, default=0,
                    help="teaser feeds for the cycle-cost measurement (0: skip)")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    w = Writer(rng)
    out = args.keep or tempfile.mkdtemp(prefix="newsd-fulltext-")
    os.makedirs(out, exist_ok=True)
    pages = []
    for shape, make in SHAPES.items():
        for i in range(args.pages_per_shape):
            url = "https://gazette.example/%s/%d" % (shape, i)
            page, gold = make(w, url)
            name = "%s-%02d" % (shape, i)
            with open(os.path.join(out, name + ".html"), "w") as f:
                f.write(page)
            with open(os.path.join(out, name + ".gold.txt"), "w") as f:
                f.write(gold)
            pages.append((name, shape, page, gold))

    bench = subprocess.run([os.path.join(args.build, "bench", "article_bench"), out,
                            "--rounds", str(args.rounds), "--dump"],
                           check=True, capture_output=True, text=True)
    newsd = json.loads(bench.stdout)
    rows_newsd, rows_oracle = [], []
    for name, shape, page, gold in pages:
        p, r = score(newsd["texts"][name], gold)
        rows_newsd.append({"page": name, "shape": shape, "p": p, "r": r})
    t0 = time.perf_counter()
    oracle_texts = {name: readability_text(page) for name, _, page, _ in pages}
    oracle_seconds = time.perf_counter() - t0
    for name, shape, page, gold in pages:
        p, r = score(oracle_texts[name], gold)
        rows_oracle.append({"page": name, "shape": shape, "p": p, "r": r})
    total_mb = sum(len(page.encode()) for _, _, page, _ in pages) / 1e6
    report = {
        "pages": len(pages), "html_mb": round(total_mb, 2), "seed": args.seed,
        "newsd": dict(summarize(rows_newsd), mb_per_s=newsd["mb_per_s"],
                      pages_per_s=newsd["pages_per_s"]),
        "readability": dict(summarize(rows_oracle),
                            mb_per_s=round(total_mb / oracle_seconds, 2)),
        "speed_ratio": round(newsd["mb_per_s"] / (total_mb / oracle_seconds), 1),
        "worst_newsd": sorted(({"page": r["page"], "p": round(r["p"], 3), "r": round(r["r"], 3)}
                               for r in rows_newsd), key=lambda r: min(r["p"], r["r"]))[:5],
    }
    if args.cycle:
        report["cycle"] = cycle_cost(args, pages, args.cycle)
    print(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
