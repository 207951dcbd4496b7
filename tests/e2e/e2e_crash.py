#!/usr/bin/env python3
"""End to end: `newsd run` killed with SIGKILL at random moments.

A feed server adds items on every poll. The daemon (store sync on, as
packaged, so group commit is in play) is started and killed 30 times, each
time at a random moment after it is ready: every other kill within 0.25 s
after a response was served (while its items are processed, committed and
published), the rest anywhere in 1.5 s (waiting, fetching, starting).
Then the feed stops growing and one last run ends with SIGTERM.

What must hold, read with kcat from `news.stories` (the latest version of
each story, as a compacted topic keeps it): every item the server ever
served is there, as its own story, and the stories' `items` add up to
exactly the number served, none lost and none counted twice. `newsd
check-store` passes on the store the kills left.

A kill lands between two writes of one item rarely, so one run is a sample:
with the item's outbox rows committed in a second batch 2 ms after the rest
(a broken commit point), two runs caught it once.

The random moments come from a seed printed at the start; NEWSD_CRASH_SEED
replays a run."""

import os
import random
import re
import signal
import subprocess
import time

from harness import (Broker, FeedServer, GrowingFeed, check, kcat, latest_by_key, main_wrapper, read_text,
                     run, wait_until)

KILLS = 30
PER_POLL = 25  # items added on every request
WINDOW = 400   # the newest items the feed lists


def body(args, work):
    newsd = args.newsd
    seed = int(os.environ.get("NEWSD_CRASH_SEED", random.randrange(1 << 31)))
    print(f"e2e_crash: seed {seed} (NEWSD_CRASH_SEED={seed} replays it)")
    rnd = random.Random(seed)
    feed = GrowingFeed(PER_POLL, WINDOW)
    server = FeedServer({"/growing.xml": feed})
    broker = Broker(newsd, work)  # outlives every kill: kcat reads after the end
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{work}/store"\nsync = true\n'
                f'[kafka]\nbrokers = "{broker.bootstrap}"\nflush_timeout = "60s"\n'
                '[http]\nlisten = ""\n[api]\nlisten = ""\n'
                '[fetch]\nmax_items = 1000\n'
                '[schedule]\nadaptive = false\ndefault_interval = "1s"\nmin_interval = "1s"\njitter = 0.0\n'
                f'[[feeds]]\nurl = "{server.url("/growing.xml")}"\nname = "Growing"\n')
    log_path = os.path.join(work, "newsd.log")
    log = open(log_path, "ab")

    def log_text():
        return read_text(log_path)

    def wait_for(pred, timeout):
        return wait_until(pred, timeout, 0.05)

    proc = None
    try:
        killed = 0
        for i in range(KILLS):
            ready_before = log_text().count("ready: polling")
            proc = subprocess.Popen([newsd, "run", "--config", cfg], stdout=log, stderr=log)
            if not wait_for(lambda: log_text().count("ready: polling") > ready_before or proc.poll() is not None, 60):
                check(False, f"run {i}: ready within 60 s")
                break
            if proc.poll() is not None:
                check(False, f"run {i}: exited by itself with {proc.returncode} after {killed} kills "
                             f"(log tail: {log_text()[-600:]})")
                break
            if i % 2 == 0:
                time.sleep(rnd.uniform(0.0, 1.5))  # anywhere: waiting, fetching, starting
            else:
                # Just after a response was served: while its items are processed,
                # committed and published.
                served_before = server.count("/growing.xml")
                wait_for(lambda: server.count("/growing.xml") > served_before, 10)
                time.sleep(rnd.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            killed += 1
        check(killed == KILLS, f"{KILLS} kills ({killed})")
        grown = len(feed.items)

        # The last run: the feed stops growing; wait until the daemon has
        # read it unchanged (a 304 after a 200 with everything), then stop.
        feed.frozen = True
        start = len(log_text())
        proc = subprocess.Popen([newsd, "run", "--config", cfg], stdout=log, stderr=log)
        check(wait_for(lambda: "feed Growing: not modified" in log_text()[start:], 60),
              "the final run reads the whole feed, then gets 304")
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(90)
        check(rc == 0, f"SIGTERM: exit 0 after draining the outbox (got {rc})")

        r = run(newsd, "check-store", "--config", cfg)
        check(r.returncode == 0, f"check-store passes after {killed} kills ({r.stdout[-300:]} {r.stderr[-300:]})")

        served = {title for title, _, _ in feed.items}
        stories = latest_by_key(kcat(broker.bootstrap, "news.stories", timeout=60))
        headlines = [s["headline"] for s in stories.values()]
        missing = served - set(headlines)
        check(not missing, f"every served item reached Kafka as a story ({len(missing)} of {len(served)} missing, "
                           f"e.g. {sorted(missing)[:3]})")
        total = sum(s["items"] for s in stories.values())
        check(len(headlines) == len(set(headlines)) and total == len(served),
              f"no item counted twice ({len(headlines)} stories, {total} items for {len(served)} served)")
        restarts = len(re.findall(r"ready: polling", log_text()))
        print(f"served {len(served)} items ({grown} before the freeze) over {restarts} starts, "
              f"{killed} of them killed")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()
        server.stop()
        broker.stop()


main_wrapper("e2e_crash", body)
