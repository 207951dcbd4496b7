#!/usr/bin/env python3
"""Writes the character-set fixtures: one short RSS feed per encoding, with
text written for newsd's tests. Run from this directory; the outputs are
committed so the tests need no Python."""

import codecs

FEEDS = {
    # file: (encoding written in the declaration or None, python codec, title, description)
    "koi8r.xml": ("KOI8-R", "koi8_r", "Городской совет утвердил бюджет",
                  "Депутаты проголосовали за новый план ремонта мостов."),
    "gbk.xml": ("GBK", "gbk", "市议会批准新的预算", "议员们投票支持修复桥梁的计划。"),
    "shift_jis.xml": ("Shift_JIS", "shift_jis", "市議会が新しい予算を承認",
                      "議員は橋の修理計画に賛成票を投じた。"),
    "iso8859_2.xml": ("ISO-8859-2", "iso8859_2", "Rada miasta przyjęła budżet",
                      "Radni zagłosowali za planem naprawy mostów w Łodzi."),
    "windows1251.xml": ("windows-1251", "cp1251", "Мэр встретился с жителями",
                        "Встреча прошла в здании библиотеки."),
    # No declaration: the HTTP Content-Type charset must be used.
    "gbk_undeclared.xml": (None, "gbk", "港口扩建工程开始", "工程预计明年完成。"),
}


def feed(decl, title, desc):
    head = f'<?xml version="1.0" encoding="{decl}"?>\n' if decl else ""
    return (head + "<rss version=\"2.0\"><channel><title>Charset test</title>"
            f"<item><guid>c1</guid><title>{title}</title><description>{desc}</description>"
            "</item></channel></rss>\n")


for name, (decl, codec, title, desc) in FEEDS.items():
    with open(name, "wb") as f:
        f.write(feed(decl, title, desc).encode(codec))

# UTF-16 big-endian and UTF-32 little-endian, each with its byte order mark.
text = feed("UTF-16", "Ministerin besucht Häfen in Kiel", "Gespräche über Löhne.")
with open("utf16be_bom.xml", "wb") as f:
    f.write(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
text = feed("UTF-32", "Ministerin besucht Häfen in Kiel", "Gespräche über Löhne.")
with open("utf32le_bom.xml", "wb") as f:
    f.write(codecs.BOM_UTF32_LE + text.encode("utf-32-le"))
