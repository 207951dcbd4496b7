#!/usr/bin/env python3
"""Builds eval.jsonl, the labelled near-duplicate evaluation set, from the
hand-written originals.json and distractors.json.

Each original is published by a wire feed and re-published by other feeds
with the edits syndication really makes, alone and combined: a new headline,
a trimmed ending, added furniture ("Related:", "Continue reading"), reordered
paragraphs, light rewording, and a short "brief" of the first two
paragraphs (the hardest: 40% of the text). Distractors are different happenings about the
same topic and people. Label: `group` (the original's id; each distractor is
its own group). Deterministic: run it again and the file is identical.

usage: generate.py > eval.jsonl"""

import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SYNONYMS = {
    "said": "stated", "about": "around", "expected": "due", "several": "a number of",
    "would": "will", "officials": "authorities", "begin": "start", "major": "big",
    "reported": "said", "help": "assistance", "plan": "proposal", "remained": "were still",
    "temporarily": "for now", "roughly": "about", "announced": "said", "large": "big",
}
FURNITURE = [
    "Related: More coverage from our correspondents",
    "Continue reading on the publisher's website",
    "Sign up for our morning newsletter",
]


def reword(text, rng, rate):
    words = text.split(" ")
    for i, w in enumerate(words):
        core = re.sub(r"\W", "", w).lower()
        if core in SYNONYMS and rng.random() < rate:
            words[i] = w.replace(core, SYNONYMS[core]) if w.islower() else w
    return " ".join(words)


def variants(o, rng):
    body = o["body"]
    out = [("original", o["title"], body)]
    first = body[0].split(" ")
    headline = " ".join(first[:9]).rstrip(",.")
    out.append(("headline", headline, body))
    out.append(("trimmed", o["title"], body[:-2]))
    out.append(("boilerplate", o["title"], body + FURNITURE))
    out.append(("reordered", o["title"], body[-2:] + body[:-2]))
    out.append(("reworded", o["title"], [reword(p, rng, 0.8) for p in body]))
    out.append(("combined", headline, [reword(p, rng, 0.8) for p in body[:-1]] + FURNITURE[:1]))
    out.append(("brief", o["title"], body[:2]))
    return out


def main():
    rng = random.Random(20240601)
    originals = json.load(open(os.path.join(HERE, "originals.json")))
    distractors = json.load(open(os.path.join(HERE, "distractors.json")))
    items = []
    for o in originals:
        for n, (kind, title, body) in enumerate(variants(o, rng)):
            items.append({"group": o["id"], "kind": kind, "feed": f"feed-{n}",
                          "guid": f"{o['id']}-{kind}", "link": f"https://feed-{n}.example/{o['id']}",
                          "title": title, "body": body})
    for d in distractors:
        items.append({"group": d["id"], "kind": "distractor", "about": d["about"], "feed": "feed-d",
                      "guid": d["id"], "link": f"https://feed-d.example/{d['id']}",
                      "title": d["title"], "body": d["body"]})
    rng.shuffle(items)
    # Published later (after the stories exist): independent write-ups of
    # the same happenings ("rewrite": other words, so not near-duplicates;
    # they join only by sharing entities and key terms) and distractors
    # that share entities with a story but are other happenings.
    for n, later in enumerate(json.load(open(os.path.join(HERE, "later.json")))):
        item = {"group": later["id"], "kind": later["kind"], "feed": f"feed-l{n}",
                "guid": f"{later['id']}-{later['kind']}-later",
                "link": f"https://feed-l{n}.example/{later['id']}", "title": later["title"],
                "body": later["body"]}
        if "about" in later:
            item["about"] = later["about"]
        items.append(item)
    for it in items:
        print(json.dumps(it, ensure_ascii=False))


main()
