#!/usr/bin/env python3
"""Generates newsd(8) and newsd.toml(5) from README.md: the command table of
"## Commands" and the key table of "## Configuration" are the one source of
both the README and the man pages.

usage: gen-man.py README.md VERSION OUTDIR"""

import datetime
import os
import re
import sys


def section(text, title):
    m = re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if not m:
        sys.exit(f"gen-man: README.md has no '## {title}' section")
    return m.group(1)


def table(body):
    rows = []
    for line in body.splitlines():
        if not line.startswith("|") or re.match(r"^\|[\s|:-]+\|$", line):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        rows.append([c.replace("\\|", "|") for c in cells])
    return rows[1:]  # without the header row


def prose(body):
    """The paragraphs before the first table or code block."""
    out = []
    for para in body.strip().split("\n\n"):
        if para.startswith("|") or para.startswith("```"):
            break
        out.append(" ".join(para.split()))
    return out


def roff(s):
    s = s.replace("\\", "\\\\")
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)       # links: keep the text
    s = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", s)
    s = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", s)
    s = s.replace("—", "\\(em").replace("…", "...").replace("→", "->").replace("×", "x")
    s = s.replace("−", "-")
    lines = s.split("\n")
    return "\n".join(("\\&" + l) if l.startswith((".", "'")) else l for l in lines)


def header(name, sec, version, title):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = datetime.date.fromtimestamp(int(epoch)).isoformat() if epoch else "newsd"
    return f'.TH {name.upper()} {sec} "{date}" "newsd {version}" "{title}"\n'


def main():
    readme_path, version, outdir = sys.argv[1:4]
    text = open(readme_path, encoding="utf-8").read()
    commands = table(section(text, "Commands"))
    config_body = section(text, "Configuration")
    keys = table(config_body)
    intro = prose(text.split("\n## ", 1)[0].split("\n", 1)[1])

    m8 = [header("newsd", 8, version, "System Administration")]
    m8.append(".SH NAME\nnewsd \\- news-feed event tracker\n")
    m8.append(".SH SYNOPSIS\n")
    for cmd, _ in commands:
        m8.append(".B " + roff(cmd.replace("`", "").split(",")[0].replace("\\|", "|")) + "\n.br\n")
    m8.append(".SH DESCRIPTION\n")
    for p in intro[:1]:
        m8.append(roff(p) + "\n.PP\n")
    m8.append(".SH COMMANDS\n")
    for cmd, what in commands:
        m8.append(".TP\n.B " + roff(cmd.replace("`", "")) + "\n" + (roff(what) or "Help and version.") + "\n")
    m8.append(".SH EXIT STATUS\n0 success, 1 failure at run time, 2 bad usage or bad configuration.\n")
    m8.append(".SH FILES\n.TP\n.I /etc/newsd/newsd.toml\nconfiguration, see \\fBnewsd.toml\\fR(5)\n"
              ".TP\n.I /var/lib/newsd\nstate (RocksDB)\n.TP\n.I /usr/share/newsd/gazetteer.json\nnames the extractor knows\n")
    m8.append(".SH SEE ALSO\n\\fBnewsd.toml\\fR(5), \\fBsystemd.service\\fR(5), \\fBkcat\\fR(1)\n")

    m5 = [header("newsd.toml", 5, version, "File Formats")]
    m5.append(".SH NAME\nnewsd.toml \\- configuration of newsd\n.SH DESCRIPTION\n")
    for p in prose(config_body):
        m5.append(roff(p) + "\n.PP\n")
    m5.append(".SH KEYS\n")
    for key, default, meaning in keys:
        m5.append(".TP\n.B " + roff(key.replace("`", "")) + "\nDefault: " + roff(default) +
                  (". " + roff(meaning) if meaning else "") + "\n")
    m5.append(".SH SEE ALSO\n\\fBnewsd\\fR(8)\n")

    with open(os.path.join(outdir, "newsd.8"), "w", encoding="utf-8") as f:
        f.write("".join(m8))
    with open(os.path.join(outdir, "newsd.toml.5"), "w", encoding="utf-8") as f:
        f.write("".join(m5))


main()
