#!/usr/bin/env python3
"""Precision of newsd's events on real news, judged by hand.

    external_eval timebank TIMEBANK.jsonl data --dump-events EVENTS.jsonl
    bench/precision_sample.py sample EVENTS.jsonl OUT.jsonl [--n 70] [--seed 15]
    bench/precision_sample.py show OUT.jsonl TIMEBANK.jsonl      # sentences, to judge
    bench/precision_sample.py score OUT.jsonl
    bench/precision_sample.py carry EVENTS.jsonl OUT.jsonl...  # judged events a change keeps
    bench/precision_sample.py sample-unjudged EVENTS.jsonl OUT.jsonl [--n 70] [--seed 61] -- SAMPLES...
    bench/precision_sample.py population EVENTS.jsonl SAMPLES...  # estimate over every event

The sample names each event by document and sentence span: the TimeBank text
stays in ../shared/eval (its licence is not ours) and `show` reads it in place.
A judge fills "verdict" ("right" or "wrong") and "why" for each row: right
when a careful coder accepts the root code (the first two digits, or their
PLOVER class) and the source actor (who acted; the country is enough for a
state's agent). `score` prints precision with a 95% Wilson interval.

`carry` shows what a change to the extractor does to events already judged:
each judged event is kept (same document, sentence, trigger, root code and
source in the new dump), changed (same trigger in that sentence, other root
or source) or gone. A change that drops wrong events and keeps right ones
shows here before a fresh sample is judged; it is no substitute for one
(events the change adds are not judged).

The dev documents give only about 700 events, so fresh samples repeat many
events judged before. `sample-unjudged` draws only from the events no sample
has judged (same document, sentence, trigger, root code and source), and
`population` estimates precision over all of today's events in two strata:
the events judged by any other sample by their verdicts, the rest by the
share right in the last `sample-unjudged` sample given (drawn from exactly
those), its 95% Wilson interval carried through.
"""
import json
import math
import random
import sys


def sample(events_path, out_path, n=70, seed=15):
    events = [json.loads(l) for l in open(events_path) if l.strip()]
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(events)), min(n, len(events))))
    with open(out_path, "w") as f:
        for i in picked:
            e = dict(events[i])
            e["index"] = i
            e["verdict"] = ""
            e["why"] = ""
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"{len(picked)} of {len(events)} events sampled (seed {seed})")


def show(sample_path, timebank_path):
    docs = {}
    for l in open(timebank_path):
        d = json.loads(l)
        docs[d["doc"]] = d["text"].encode("utf-8")
    for k, l in enumerate(open(sample_path)):
        e = json.loads(l)
        b, en = e["sentence"]
        sent = docs[e["doc"]][b:en].decode("utf-8", "replace").replace("\n", " ")
        print(f"[{k}] {e['code']} {e['type']} | '{e['trigger']}' | {e['source']} -> "
              f"{e['target']} | {e['modality']}{' NEG' if e['negated'] else ''}\n    {sent}\n")


def wilson(right, n, z=1.96):
    if n == 0:
        return 0.0, 0.0
    p = right / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def score(sample_path):
    rows = [json.loads(l) for l in open(sample_path) if l.strip()]
    judged = [r for r in rows if r.get("verdict") in ("right", "wrong")]
    right = sum(r["verdict"] == "right" for r in judged)
    n = len(judged)
    lo, hi = wilson(right, n)
    print(json.dumps({"judged": n, "right": right, "precision": round(right / n if n else 0.0, 3),
                      "wilson_95": [round(lo, 3), round(hi, 3)],
                      "unjudged": len(rows) - n}))


def carry(events_path, sample_paths):
    events = [json.loads(l) for l in open(events_path) if l.strip()]
    by_trigger = {}
    for e in events:
        key = (e["doc"], tuple(e["sentence"]), e["trigger"])
        by_trigger.setdefault(key, []).append(e)
    totals = {}
    for path in sample_paths:
        for r in (json.loads(l) for l in open(path) if l.strip()):
            if r.get("verdict") not in ("right", "wrong"):
                continue
            now = by_trigger.get((r["doc"], tuple(r["sentence"]), r["trigger"]), [])
            same = [e for e in now
                    if e["code"][:2] == r["code"][:2] and e["source"] == r["source"]]
            fate = "kept" if same else ("changed" if now else "gone")
            totals[(r["verdict"], fate)] = totals.get((r["verdict"], fate), 0) + 1
            if fate != "kept":
                new = "; ".join(f'{e["code"]} {e["source"]}' for e in now) or "-"
                print(f'{r["verdict"]:5} {fate:7} {r["code"]} {r["trigger"]!r} '
                      f'{r["source"]!r} -> {new}', file=sys.stderr)
    kept_right = totals.get(("right", "kept"), 0)
    kept = kept_right + totals.get(("wrong", "kept"), 0)
    print(json.dumps({f"{v}_{f}": n for (v, f), n in sorted(totals.items())} |
                     {"precision_of_kept": round(kept_right / kept, 3) if kept else 0.0}))


def _key(e):
    return (e["doc"], tuple(e["sentence"]), e["trigger"], e["code"][:2], e["source"])


def _verdicts(sample_paths):
    verdicts = {}
    for path in sample_paths:
        for r in (json.loads(l) for l in open(path) if l.strip()):
            if r.get("verdict") in ("right", "wrong"):
                verdicts[_key(r)] = r["verdict"]
    return verdicts


def sample_unjudged(events_path, out_path, sample_paths, n=70, seed=61):
    verdicts = _verdicts(sample_paths)
    events = [json.loads(l) for l in open(events_path) if l.strip()]
    pool = [i for i, e in enumerate(events) if _key(e) not in verdicts]
    rng = random.Random(seed)
    picked = sorted(rng.sample(pool, min(n, len(pool))))
    with open(out_path, "w") as f:
        for i in picked:
            e = dict(events[i])
            e["index"] = i
            e["unjudged_stratum"] = True
            e["verdict"] = ""
            e["why"] = ""
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"{len(picked)} of {len(pool)} unjudged events (of {len(events)}) sampled (seed {seed})")


def population(events_path, sample_paths):
    """The last unjudged-stratum sample given estimates the events no other
    sample has judged; every other sample's verdicts count as they are."""
    events = [json.loads(l) for l in open(events_path) if l.strip()]
    stratum_path = None
    for path in sample_paths:
        first = next((json.loads(l) for l in open(path) if l.strip()), {})
        if first.get("unjudged_stratum"):
            stratum_path = path
    verdicts = _verdicts([p for p in sample_paths if p != stratum_path])
    known = [verdicts[_key(e)] for e in events if _key(e) in verdicts]
    n_known, right_known = len(known), sum(v == "right" for v in known)
    n_other = len(events) - n_known
    rows = [json.loads(l) for l in open(stratum_path)] if stratum_path else []
    rows = [r for r in rows if r.get("verdict") in ("right", "wrong")]
    right_sample = sum(r["verdict"] == "right" for r in rows)
    p_other = right_sample / len(rows) if rows else 0.0
    lo, hi = wilson(right_sample, len(rows))
    total = len(events)
    print(json.dumps({
        "events": total,
        "judged_before": n_known, "judged_before_right": right_known,
        "unjudged": n_other, "stratum_sample": stratum_path, "stratum_sampled": len(rows),
        "unjudged_precision": round(p_other, 3),
        "unjudged_wilson_95": [round(lo, 3), round(hi, 3)],
        "precision": round((right_known + p_other * n_other) / total, 3) if total else 0.0,
        "precision_95": [round((right_known + lo * n_other) / total, 3),
                         round((right_known + hi * n_other) / total, 3)] if total else [0, 0],
    }))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = sys.argv[1]
    if cmd == "sample":
        n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 70
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 15
        sample(sys.argv[2], sys.argv[3], n, seed)
    elif cmd == "show":
        show(sys.argv[2], sys.argv[3])
    elif cmd == "score":
        score(sys.argv[2])
    elif cmd == "carry":
        carry(sys.argv[2], sys.argv[3:])
    elif cmd == "sample-unjudged":
        args = sys.argv[2:]
        rest = args[args.index("--") + 1:] if "--" in args else []
        args = args[:args.index("--")] if "--" in args else args
        n = int(args[args.index("--n") + 1]) if "--n" in args else 70
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 61
        sample_unjudged(args[0], args[1], rest, n, seed)
    elif cmd == "population":
        population(sys.argv[2], sys.argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
