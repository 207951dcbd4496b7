#!/usr/bin/env python3
"""Converts the open CAMEO verb and Phoenix actor/agent dictionaries (the
PETRARCH coders' own, MIT licence) into newsd's data files under data/cameo/.

    scripts/convert-cameo-dictionaries.py SRC_DIR [OUT_DIR]

SRC_DIR holds CAMEO.2.0.txt, Phoenix.agents.txt, Phoenix.Countries.actors.txt,
Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt (as in
UniversalPetrarch's data/dictionaries/). OUT_DIR defaults to data/cameo/.
The output formats are described in docs/dictionaries.md; every file starts
with a format line ("#format newsd-cameo-verbs/1") that the loader checks.
Latin-1 lines are decoded as Latin-1 and written as UTF-8. Lines the converter
cannot read are listed on stderr with file and line and left out.
"""
import os
import re
import sys

VERBS_FORMAT = "#format newsd-cameo-verbs/1"
ACTORS_FORMAT = "#format newsd-cameo-actors/1"
AGENTS_FORMAT = "#format newsd-cameo-agents/1"

problems = 0


def warn(path, lineno, msg):
    global problems
    problems += 1
    print(f"{os.path.basename(path)}:{lineno}: {msg}", file=sys.stderr)


def read_lines(path):
    """Lines of a dictionary file, UTF-8 where it is, Latin-1 where it is not."""
    with open(path, "rb") as f:
        raw = f.read()
    out = []
    for line in raw.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("latin-1"))
    return out


def strip_comment(line):
    return line.split("#", 1)[0].rstrip()


def words_of(phrase):
    """'PRIME_MINISTER_' -> 'prime minister' (a trailing _ marks a whole word:
    kept as a trailing '_' on the last word, which the loader reads as 'exact')."""
    exact = phrase.endswith("_")
    phrase = phrase.strip("_")
    words = [w for w in phrase.lower().split("_") if w]
    if not words:
        return ""
    return " ".join(words) + ("_" if exact else "")


# ---------------------------------------------------------------- verbs

def regular_forms(base):
    """3rd person, past, -ing of a regular verb (PETRARCH's own rules)."""
    b = base
    if b.endswith("e"):
        return [b + "s", b + "d", b[:-1] + "ing"]
    if b.endswith("y") and len(b) > 1 and b[-2] not in "aeiou":
        return [b[:-1] + "ies", b[:-1] + "ied", b + "ing"]
    if b.endswith(("s", "x", "z", "ch", "sh")):
        return [b + "es", b + "ed", b + "ing"]
    return [b + "s", b + "ed", b + "ing"]


def convert_verbs(path, out):
    lines = read_lines(path)
    synsets = {}
    blocks = []  # (name, default, verbs[(code, forms)], patterns[(code, tokens)])
    section = None
    current_set = None
    block = None
    for n, line in enumerate(lines, 1):
        if line.startswith("####### SYNONYM SETS"):
            section = "sets"
            continue
        if line.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        text = strip_comment(line)
        if not text.strip() or section is None:
            continue
        if section == "sets":
            if text.startswith("&"):
                current_set = text[1:].strip().rstrip("_").lower()
                synsets[current_set] = []
            elif text.startswith("+") and current_set is not None:
                w = words_of(text[1:].strip())
                if w:
                    synsets[current_set].append(w)
            else:
                warn(path, n, f"unexpected line in synonym sets: {text.strip()!r}")
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---", text)
        if m:
            block = {"name": m.group(1).lower(), "default": m.group(2).strip(),
                     "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            warn(path, n, "line before the first verb block")
            continue
        if text.startswith("~"):
            continue  # PETRARCH2 transformations: not used by newsd
        if text.startswith("-"):
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*$", text)
            if not m:
                warn(path, n, f"pattern without a code: {text.strip()!r}")
                continue
            body, code = m.group(1).replace("*", " * "), m.group(2).strip()
            tokens = []
            for tok in re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", body):
                if tok.startswith("{"):
                    inner = [words_of(w) for w in tok[1:-1].split()]
                    tokens.append("{" + " ".join(w for w in inner if w) + "}")
                elif tok.startswith("("):
                    inner = []
                    for w in re.findall(r"\{[^}]*\}|\S+", tok[1:-1]):
                        if w.startswith("{"):
                            ws = [words_of(x) for x in w[1:-1].split()]
                            inner.append("{" + " ".join(x for x in ws if x) + "}")
                        elif w in ("*", "+", "$", "^", "%") or w.startswith("&"):
                            inner.append(w.lower())
                        else:
                            wl = words_of(w)
                            if wl:
                                inner.append(wl.replace(" ", "_"))
                    tokens.append("(" + " ".join(inner) + ")")
                elif tok in ("*", "+", "$", "^", "%") or tok.startswith("&"):
                    tokens.append(tok.lower())
                else:
                    w = words_of(tok)
                    if w:
                        tokens.append(w.replace(" ", "_"))
            if "*" not in " ".join(tokens):
                warn(path, n, f"pattern without the verb's place '*': {text.strip()!r}")
                continue
            block["patterns"].append((code, " ".join(tokens), n))
            continue
        text = text.split(";", 1)[0]  # a few lines comment with ';'
        m = re.match(r"^(\+?)([A-Z0-9_'.\-]+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*$", text.strip())
        if not m:
            warn(path, n, f"unreadable verb line: {text.strip()!r}")
            continue
        base = m.group(2).lower().strip("_")
        code = m.group(4)[1:-1].strip() if m.group(4) else ""
        if m.group(3) is not None:
            forms = [f.lstrip("+").lower().strip("_") for f in m.group(3)[1:-1].split()]
        elif "_" in base:
            forms = []
        else:
            forms = regular_forms(base)
        all_forms = [base] + [f for f in forms if f and f != base]
        block["verbs"].append((code, all_forms))

    # Patterns naming a synonym set the file never defines (typos in the
    # source) are reported and left out.
    for b in blocks:
        kept = []
        for code, pattern, n in b["patterns"]:
            missing = [r for r in re.findall(r"&([\w'.-]+)", pattern)
                       if r.rstrip("_") not in synsets]
            if missing:
                warn(path, n, f"pattern names an undefined synonym set &{missing[0]}")
                continue
            kept.append((code, pattern))
        b["patterns"] = kept
    with open(out, "w", encoding="utf-8") as f:
        f.write(VERBS_FORMAT + "\n")
        f.write("# Converted by scripts/convert-cameo-dictionaries.py from CAMEO.2.0.txt\n")
        f.write("# (openeventdata/UniversalPetrarch, MIT licence: data/cameo/LICENSE).\n")
        f.write("# = SET word ...        synonym set (multi-word entries joined by _)\n")
        f.write("# @ BLOCK CODE          verb block with its default code (--- none)\n")
        f.write("# v CODE form ...       a verb: base form first, then its inflections\n")
        f.write("# p CODE token ...      a phrase pattern of the block (docs/dictionaries.md)\n")
        for name in sorted(synsets):
            words = [w.replace(" ", "_") for w in synsets[name]]
            if words:
                f.write(f"= {name} {' '.join(words)}\n")
        for b in blocks:
            f.write(f"@ {b['name']} {b['default'] or '---'}\n")
            for code, forms in b["verbs"]:
                f.write(f"v {code or '-'} {' '.join(forms)}\n")
            for code, pattern in b["patterns"]:
                f.write(f"p {code} {pattern}\n")
    return len(blocks), sum(len(b["patterns"]) for b in blocks)


# ---------------------------------------------------------------- actors

CODE_RE = re.compile(r"\[([^\]]*)\]")


def parse_codes(text):
    """'[HUNGOV 980706-020527] [HUNELI]' -> [('HUNGOV', '980706', '020527'), ...]."""
    out = []
    for body in CODE_RE.findall(text):
        parts = body.split()
        if not parts:
            continue
        code = parts[0].strip()
        if code.startswith("~") or code == "---":
            continue
        start, end = "", ""
        if len(parts) > 1:
            d = parts[1]
            if d.startswith(">"):
                start = d[1:]
            elif d.startswith("<"):
                end = d[1:]
            elif "-" in d:
                start, end = d.split("-", 1)
        out.append((code, start, end))
    return out


def has_control(text):
    return re.search(r"[\x00-\x1f\x7f]", text) is not None


def convert_actors(paths, out):
    """Each entry: its phrases (first line and '+' synonyms) and its codes."""
    entries = []
    for path in paths:
        kind = os.path.basename(path).split(".")[1].lower()  # countries, international, milnonstate
        lines = read_lines(path)
        cur = None
        for n, line in enumerate(lines, 1):
            text = strip_comment(line)
            if not text.strip():
                continue
            stripped = text.strip()
            if text[0] in " \t" and stripped.startswith("["):
                if cur is None:
                    warn(path, n, "codes before any actor")
                    continue
                cur["codes"] += parse_codes(stripped)
                continue
            if stripped.startswith("+"):
                if cur is None:
                    warn(path, n, "synonym before any actor")
                    continue
                name = stripped[1:].split("[")[0].strip()
                if has_control(name):
                    warn(path, n, f"control character in a name: {name!r}")
                    continue
                w = words_of(name)
                if w:
                    cur["names"].append(w)
                cur["codes"] += parse_codes(stripped)
                continue
            name = stripped.split("[")[0].strip()
            w = words_of(name)
            if has_control(name):
                warn(path, n, f"control character in a name: {name!r}")
                w = ""
            if not w:
                warn(path, n, f"unreadable actor line: {stripped!r}")
                continue
            cur = {"names": [w], "codes": parse_codes(stripped), "kind": kind, "line": n,
                   "path": path}
            entries.append(cur)
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(ACTORS_FORMAT + "\n")
        f.write("# Converted by scripts/convert-cameo-dictionaries.py from the Phoenix actor\n")
        f.write("# dictionaries (openeventdata/UniversalPetrarch, MIT licence: data/cameo/LICENSE).\n")
        f.write("# a KIND name|name|...      an actor: the kind (countries, international,\n")
        f.write("#                           milnonstate) and its names, lower case, '_' = whole word\n")
        f.write("# c CODE [FROM-TO]          its CAMEO codes, dated roles as yymmdd or yyyymmdd\n")
        for e in entries:
            codes = e["codes"]
            if not codes:
                continue  # an entry whose code is the next entry's: PETRARCH reads it so too
            names = []
            for nm in e["names"]:
                if nm not in names:
                    names.append(nm)
            f.write(f"a {e['kind']} {'|'.join(names)}\n")
            for code, start, end in codes:
                span = f" {start}-{end}" if start or end else ""
                f.write(f"c {code}{span}\n")
            written += 1
    return written


def convert_agents(path, out):
    lines = read_lines(path)
    macros = {}
    rows = []
    for n, line in enumerate(lines, 1):
        text = strip_comment(line).strip()
        if not text:
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.*)$", text)
        if m:
            macros[m.group(1)] = [w.strip().lower() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", text)
        if not m:
            warn(path, n, f"unreadable agent line: {text!r}")
            continue
        phrase, forms, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        if not code.startswith("~"):
            warn(path, n, f"agent code without '~': {code!r}")
            continue
        sector = code[1:]
        names = [phrase]
        if forms:
            names += [x for x in forms[1:-1].split() if x]
        expanded = []
        for nm in names:
            mm = re.search(r"!(\w+)!", nm)
            if mm and mm.group(1) in macros:
                for sub in macros[mm.group(1)]:
                    expanded.append(nm.replace(mm.group(0), sub.upper()))
            elif mm:
                warn(path, n, f"unknown macro {mm.group(0)}")
            else:
                expanded.append(nm)
        for nm in expanded:
            w = words_of(nm)
            if w:
                rows.append((w, sector))
    seen = set()
    with open(out, "w", encoding="utf-8") as f:
        f.write(AGENTS_FORMAT + "\n")
        f.write("# Converted by scripts/convert-cameo-dictionaries.py from Phoenix.agents.txt\n")
        f.write("# (openeventdata/UniversalPetrarch, MIT licence: data/cameo/LICENSE).\n")
        f.write("# phrase<TAB>sector codes (GOV, MIL, COP, REB, ...), lower case, '_' = whole word\n")
        for w, sector in rows:
            if w in seen:
                continue
            seen.add(w)
            f.write(f"{w}\t{sector}\n")
    return len(seen)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "cameo")
    os.makedirs(out, exist_ok=True)
    blocks, patterns = convert_verbs(os.path.join(src, "CAMEO.2.0.txt"),
                                     os.path.join(out, "verbs.txt"))
    actors = convert_actors([os.path.join(src, n) for n in (
        "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt")], os.path.join(out, "actors.txt"))
    agents = convert_agents(os.path.join(src, "Phoenix.agents.txt"),
                            os.path.join(out, "agents.txt"))
    print(f"verbs: {blocks} blocks, {patterns} patterns; actors: {actors}; agents: {agents}; "
          f"{problems} lines left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
