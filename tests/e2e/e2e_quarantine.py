#!/usr/bin/env python3
"""End to end: a message Kafka will never take does not stop the others.

The producer is limited to 1,500-byte records (librdkafka's
message.max.bytes: key, value and headers), so every event or story message
above that size is refused for good. `newsd run --once` publishes every message that fits,
moves the others aside (newsd_kafka_quarantined_total, `newsd outbox list`)
and exits 0 with an empty outbox. With the limit lifted, `newsd outbox
retry --all` and one more run publish the moved rows: read with kcat, every
committed row reached Kafka exactly once over the two runs."""

import json
import os

from harness import Broker, FeedServer, check, kcat, main_wrapper, run

SHORT = ("Chile's president met Peru's prime minister in Geneva on Monday.",
         "Peru's foreign minister visited Bolivia on Tuesday.")
# One sentence of about 2,000 bytes: the event quoting it as evidence is
# larger than the limit, every other message well below it.
LONG = ("Ecuador's army shelled Colombia's border posts on Wednesday, "
        + ", ".join(f"damaging roadside building number {n} near the old river mill" for n in range(34))
        + ".")
LIMIT = 1500
SOURCE = "urn:newsd:quarantine-test"


def record_bytes(key, value):
    """A message's size as librdkafka counts it against message.max.bytes:
    key, value and the serialized CloudEvents headers newsd adds."""
    kind = "story" if key.startswith("st-") else "event"
    headers = {"ce_specversion": "1.0", "ce_id": key + "/" + "0" * 16, "ce_source": SOURCE,
               "ce_type": f"org.newsd.{kind}.v1", "ce_time": "2024-01-01T00:00:00Z",
               "ce_subject": key, "ce_dataschema": f"urn:newsd:schema:newsd.{kind}/1",
               "content-type": "application/json"}
    varint = lambda n: 1 if n < 64 else 2  # zigzag varints of small lengths
    size = len(key.encode()) + len(value.encode()) + 1
    for name, v in headers.items():
        size += varint(len(name)) + len(name) + varint(len(v)) + len(v)
    return size


def feed_body():
    items = []
    for n, text in enumerate(SHORT + (LONG,), 1):
        items.append(f"<item><title>Report {n}</title><link>http://example.org/r/{n}</link>"
                     f"<guid>http://example.org/r/{n}</guid><description>{text}</description></item>")
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            '<link>http://example.org/</link>' + "".join(items) + "</channel></rss>").encode()


def config(path, store, brokers, feed_url, max_bytes):
    props = f'[kafka.properties]\n"message.max.bytes" = "{max_bytes}"\n' if max_bytes else ""
    with open(path, "w") as f:
        f.write(f'[store]\npath = "{store}"\nsync = false\n'
                f'[kafka]\nbrokers = "{brokers}"\nflush_timeout = "20s"\n'
                f'cloudevents_source = "{SOURCE}"\n{props}'
                '[http]\nlisten = ""\n[api]\nlisten = ""\n'
                f'[[feeds]]\nurl = "{feed_url}"\nname = "Wire"\n')


def body(args, work):
    newsd = args.newsd
    body_bytes = feed_body()
    server = FeedServer({"/wire.xml": lambda req: (200, {"Content-Type": "application/rss+xml"},
                                                   body_bytes)})
    broker = Broker(newsd, work)
    store = os.path.join(work, "store")
    cfg = os.path.join(work, "newsd.toml")
    try:
        config(cfg, store, broker.bootstrap, server.url("/wire.xml"), LIMIT)
        first = run(newsd, "run", "--once", "--config", cfg, timeout=120)
        check(first.returncode == 0, f"run --once exits 0 with refused messages ({first.returncode}): "
              + first.stderr[-2000:])
        check("refused by Kafka for good" in first.stderr, "the refusal is logged with its reason")
        listed = run(newsd, "outbox", "list", "--json", "--config", cfg)
        check(listed.returncode == 0, "outbox list exits 0: " + listed.stderr)
        rows = [json.loads(l) for l in listed.stdout.splitlines() if l.strip()]
        check(len(rows) >= 1, f"the oversized rows are listed ({len(rows)})")
        check(all(record_bytes(r["key"], "x" * r["bytes"]) > LIMIT for r in rows),
              "only rows above the limit were moved aside")
        check(all("MSG_SIZE_TOO_LARGE" in r["reason"] for r in rows),
              "each says why: " + "; ".join(r["reason"] for r in rows))
        events = kcat(broker.bootstrap, "news.events")
        stories = kcat(broker.bootstrap, "news.stories")
        delivered = len(events) + len(stories)
        check(delivered >= 2, f"the messages that fit were published ({delivered})")
        sizes = [record_bytes(m["key"], m["payload"]) for m in events + stories]
        check(all(n <= LIMIT for n in sizes), f"nothing above the limit reached Kafka ({max(sizes or [0])})")
        quarantined_keys = {r["key"] for r in rows}

        # Lift the limit, put the rows back, run again.
        config(cfg, store, broker.bootstrap, server.url("/wire.xml"), None)
        retry = run(newsd, "outbox", "retry", "--all", "--config", cfg)
        check(retry.returncode == 0 and f"{len(rows)} row(s) back" in retry.stdout,
              "outbox retry --all moves them back: " + retry.stdout + retry.stderr)
        check(run(newsd, "outbox", "list", "--json", "--config", cfg).stdout.strip() == "",
              "the quarantine is empty after retry")
        second = run(newsd, "run", "--once", "--config", cfg, timeout=120)
        check(second.returncode == 0, "the second run exits 0: " + second.stderr[-2000:])
        events2 = kcat(broker.bootstrap, "news.events")
        stories2 = kcat(broker.bootstrap, "news.stories")
        seen = {(m["partition"], m["offset"]) for m in events} | \
            {("s", m["partition"], m["offset"]) for m in stories}
        new = [m for m in events2 if (m["partition"], m["offset"]) not in seen] + \
            [m for m in stories2 if ("s", m["partition"], m["offset"]) not in seen]
        new_keys = {m["key"] for m in new}
        check(quarantined_keys <= new_keys,
              f"every moved row reached Kafka after retry ({len(quarantined_keys)} keys)")
        check(len(new) == len(rows), f"each once: {len(new)} new messages for {len(rows)} rows "
              "(the feed's items were already seen: nothing else is new)")
        bad = run(newsd, "outbox", "retry", "--seq", "999999", "--config", cfg)
        check(bad.returncode == 2 and "no quarantined row" in bad.stderr,
              f"retry of an unknown row is a usage error ({bad.returncode}: {bad.stderr.strip()})")
    finally:
        server.stop()
        broker.stop()


if __name__ == "__main__":
    main_wrapper("e2e_quarantine", body)
