#!/usr/bin/env python3
"""How often the part-of-speech layer reads a dictionary verb form right.

    bench/pos_agreement.py report SET.jsonl... [--eval build/bench/external_eval]
                           [--data data] [--min-agreement X]
    bench/pos_agreement.py sample SET.jsonl... OUT.jsonl [--n 80] [--seed 7]
    bench/pos_agreement.py show OUT.jsonl SET.jsonl...      # sentences, to judge
    bench/pos_agreement.py score OUT.jsonl SET.jsonl...

The CAMEO verb dictionary lists about 9,000 forms, most of them nouns as
well ("aid", "sign", "talks", "attack"); newsd codes one as an action only
where `Lexicon::ReadsAsVerb` reads it as a verb in its sentence. Every such
word of the given sets (TimeBank or PLOVER texts, read in place: they stay in
../shared/eval) is compared with the tags of Lingua::EN::Tagger (Debian's
liblingua-en-tagger-perl, a tagger trained on the Penn Treebank; an oracle
here, never a dependency of newsd): the word is a verb for the tagger when
its tag is VB, VBD, VBG, VBN, VBP or VBZ.

`report` prints the agreement and where the two part. Agreement is not
accuracy: the tagger errs too, and it calls a participle before a noun ("the
proposed plan") or a gerund heading a noun phrase ("the bombing of") a verb
form, where the question newsd asks is whether the word heads a verb phrase.
Auxiliaries and modals ("is", "has", "will"), which newsd never reads as an
action, are left out of the comparison.
So `sample` draws disagreements at random, a judge fills each row's
"verdict" (who is right: "newsd", "tagger" or "neither") and "why", and
`score` estimates newsd's accuracy over every aligned word: the agreements
plus the disagreements in the share the sample found newsd right (a 95%
Wilson interval on that share carried through). Agreements where both are
wrong are not estimated (taken as right), so the figure is an upper bound
in that respect.

The rows name each word by document and byte span, never by its sentence.
"""
import argparse
import collections
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from precision_sample import wilson  # noqa: E402  (the same 95% interval)

VERB_TAGS = {"vb", "vbd", "vbg", "vbn", "vbp", "vbz"}
TAGGED = re.compile(r"<([a-z$]+)>([^<]*)</\1>")
TAGGER = r"""
use Lingua::EN::Tagger;
my $p = Lingua::EN::Tagger->new(stem => 0);
while (my $line = <STDIN>) {
  chomp $line;
  my $t = $p->add_tags($line);
  $t = '' unless defined $t;
  $t =~ s/\n/ /g;
  print $t, "\n";
}
"""


def read_sets(paths):
    """Texts by record id (TimeBank 'doc', PLOVER 'id'), as UTF-8 bytes."""
    texts = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    texts[r.get("doc") or r["id"]] = r["text"].encode("utf-8")
    return texts


def newsd_words(args):
    rows = []
    for path in args.sets:
        out = subprocess.run([args.eval, "verb-forms", path, args.data], check=True,
                             capture_output=True, text=True).stdout
        rows += [json.loads(l) for l in out.splitlines() if l]
    return rows


def decided(rows):
    """The aligned words the layer decides by their sentence: auxiliaries and
    modals ("is", "has", "will") are never actions whatever the tagger says."""
    return [r for r in rows if r["tag"] and not r["never_action"]]


def tag_sentences(sentences):
    """Lingua::EN::Tagger's (word, tag) pairs for each sentence, in one run."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for s in sentences:
            f.write(" ".join(s.split()) + "\n")
        name = f.name
    try:
        with open(name, encoding="utf-8") as inp:
            out = subprocess.run(["perl", "-e", TAGGER], stdin=inp, check=True,
                                 capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    lines = out.split("\n")
    return [[(w.lower(), tag) for tag, w in TAGGED.findall(lines[i] if i < len(lines) else "")]
            for i in range(len(sentences))]


def compare(args):
    """Each newsd word with the tagger's tag, aligned by the word's occurrence
    number in its sentence (both tokenizations keep the words in order)."""
    texts = read_sets(args.sets)
    rows = newsd_words(args)
    by_sentence = collections.OrderedDict()
    for r in rows:
        by_sentence.setdefault((r["doc"], tuple(r["sentence"])), []).append(r)
    keys = list(by_sentence)
    sentences = [texts[d][b:e].decode("utf-8", "replace") for d, (b, e) in keys]
    tags = tag_sentences(sentences)
    out = []
    for (doc, (b, e)), tagged in zip(keys, tags):
        text = texts[doc]
        positions = collections.defaultdict(list)
        for i, (w, t) in enumerate(tagged):
            positions[w].append(t)
        for r in by_sentence[(doc, (b, e))]:
            s0, s1 = r["span"]
            # Which occurrence of this word in the sentence it is.
            before = text[b:s0].decode("utf-8", "replace").lower()
            nth = len(re.findall(r"(?<![a-z0-9])" + re.escape(r["word"]) + r"(?![a-z0-9])",
                                 before))
            cands = positions.get(r["word"], [])
            r["tag"] = cands[nth] if nth < len(cands) else None
            out.append(r)
    return out


def cmd_report(args):
    rows = compare(args)
    aligned = decided(rows)
    agree = sum((r["tag"] in VERB_TAGS) == r["verb"] for r in aligned)
    cells = collections.Counter((r["verb"], r["tag"] in VERB_TAGS) for r in aligned)
    parted = collections.Counter((r["verb"], r["tag"]) for r in aligned
                                 if (r["tag"] in VERB_TAGS) != r["verb"])
    words = collections.Counter((r["word"], r["verb"]) for r in aligned
                                if (r["tag"] in VERB_TAGS) != r["verb"])
    report = {
        "words": len(rows),
        "never_action": sum(r["never_action"] for r in rows),
        "unaligned": sum(not r["tag"] for r in rows),
        "aligned": len(aligned),
        "agreement": round(agree / len(aligned), 4) if aligned else 0.0,
        "both_verb": cells[(True, True)],
        "both_not_verb": cells[(False, False)],
        "newsd_verb_tagger_not": cells[(True, False)],
        "newsd_not_tagger_verb": cells[(False, True)],
        "disagreements_by_tag": {f"{'verb' if v else 'not'}/{t}": n
                                 for (v, t), n in parted.most_common(12)},
        "disagreements_by_word": {f"{w} ({'verb' if v else 'not'})": n
                                  for (w, v), n in words.most_common(15)},
    }
    print(json.dumps(report, indent=2))
    if args.min_agreement is not None and report["agreement"] < args.min_agreement:
        print(f"agreement {report['agreement']} is below {args.min_agreement}")
        return 1
    return 0


def cmd_sample(args):
    rows = [r for r in decided(compare(args)) if (r["tag"] in VERB_TAGS) != r["verb"]]
    random.Random(args.seed).shuffle(rows)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows[:args.n]:
            f.write(json.dumps({"doc": r["doc"], "span": r["span"], "word": r["word"],
                                "newsd": "verb" if r["verb"] else "not verb",
                                "tagger": r["tag"], "verdict": None, "why": None}) + "\n")
    print(f"{min(args.n, len(rows))} of {len(rows)} disagreements written to {args.out}")
    return 0


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def cmd_show(args):
    texts = read_sets(args.sets)
    for i, r in enumerate(read_rows(args.out)):
        text = texts[r["doc"]]
        s0, s1 = r["span"]
        b = max(text.rfind(b". ", 0, s0) + 2, text.rfind(b"\n", 0, s0) + 1, s0 - 300)
        e = min(x for x in (text.find(b". ", s1), text.find(b"\n", s1), len(text)) if x >= 0)
        print(f"[{i}] {r['word']}: newsd {r['newsd']}, tagger {r['tagger']}, "
              f"verdict {r['verdict']}")
        print("    " + (text[b:s0] + b"[[" + text[s0:s1] + b"]]" + text[s1:e + 1])
              .decode("utf-8", "replace").replace("\n", " "))
    return 0


def cmd_score(args):
    judged = [r for r in read_rows(args.out) if r.get("verdict")]
    right = sum(r["verdict"] == "newsd" for r in judged)
    aligned = decided(compare(args))
    agree = sum((r["tag"] in VERB_TAGS) == r["verb"] for r in aligned)
    parted = len(aligned) - agree
    lo, hi = wilson(right, len(judged))
    n = len(aligned)
    report = {
        "aligned": n,
        "agreement": round(agree / n, 4) if n else 0.0,
        "disagreements": parted,
        "judged": len(judged),
        "newsd_right_in_judged": right,
        "verdicts": dict(collections.Counter(r["verdict"] for r in judged)),
        "accuracy_estimate": round((agree + parted * right / len(judged)) / n, 4)
        if judged and n else None,
        "accuracy_95": [round((agree + parted * lo) / n, 4), round((agree + parted * hi) / n, 4)]
        if n else None,
    }
    print(json.dumps(report, indent=2))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["report", "sample", "show", "score"])
    ap.add_argument("paths", nargs="+", help="sets (and, for sample/show/score, the rows file)")
    ap.add_argument("--eval", default="build/bench/external_eval")
    ap.add_argument("--data", default="data")
    ap.add_argument("--n", type=int, default=80)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--min-agreement", type=float)
    args = ap.parse_args()
    if args.command == "report":
        args.sets = args.paths
    elif args.command == "sample":
        args.sets, args.out = args.paths[:-1], args.paths[-1]
    else:
        args.out, args.sets = args.paths[0], args.paths[1:]
    for p in args.sets:
        if not os.path.exists(p):
            print(f"pos_agreement: {p} is not there; skipped")
            return 77
    if args.command != "show" and subprocess.run(["perl", "-MLingua::EN::Tagger", "-e", "1"],
                                                 capture_output=True).returncode != 0:
        print("pos_agreement: the reference tagger Lingua::EN::Tagger is not installed "
              "(scripts/install-deps.sh --tests installs liblingua-en-tagger-perl)")
        return 2
    return {"report": cmd_report, "sample": cmd_sample, "show": cmd_show,
            "score": cmd_score}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
