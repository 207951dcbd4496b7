#!/usr/bin/env python3
"""End to end: `newsd run` with its store on a disk that fills up.

The store lives on a small tmpfs the test mounts (the test runs as root, as
CI does). A feed server adds new items on every request. While the daemon is
publishing, the test fills the disk: commits fail with a clear error and a
metric, the daemon stays up and healthy; then the test frees the disk: the
store takes writes again, and every item the server ever served reaches
Kafka (read with kcat), none lost and none twice.

The feed answers 304 to its current ETag, and stops growing once the first
commit has failed: if the validators of a response whose items could not be
committed were kept, the poll after the disk is freed would be answered
304 and those items never read again."""

import errno
import os
import re
import signal
import subprocess
import time

from harness import (Broker, FeedServer, GrowingFeed, check, http_get, kcat, latest_by_key, main_wrapper,
                     metric, read_text, wait_until)

def fill(path):
    """Writes zeros until the file system says it is full."""
    chunk = b"\0" * (1 << 20)
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError as e:
            return e.errno == errno.ENOSPC
    return False


def body(args, work):
    newsd = args.newsd
    disk = os.path.join(work, "disk")
    os.makedirs(disk)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", disk],
                             capture_output=True, text=True)
    check(mounted.returncode == 0, "a tmpfs to fill can be mounted (needs root): " + mounted.stderr)
    if mounted.returncode != 0:
        return
    # Commits fail once the write-ahead log has used up the space RocksDB
    # preallocated for it (about a memtable's worth, 1.1 MiB at memtable_mb
    # = 4) or a flush finds no room: enough new items per poll to get there
    # in seconds, few enough that three polls' worth stay in the feed.
    feed = GrowingFeed(per_poll=20, window=60)
    server = FeedServer({"/growing.xml": feed})
    broker = Broker(newsd, work)  # outlives the daemon: kcat reads after it stopped
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{disk}/store"\nsync = false\nmemtable_mb = 4\n'
                f'[kafka]\nbrokers = "{broker.bootstrap}"\nflush_timeout = "60s"\n'
                '[http]\nlisten = "127.0.0.1:0"\n[api]\nlisten = ""\n'
                '[schedule]\nadaptive = false\ndefault_interval = "1s"\nmin_interval = "1s"\njitter = 0.0\n'
                f'[[feeds]]\nurl = "{server.url("/growing.xml")}"\nname = "Growing"\n')
    log_path = os.path.join(work, "newsd.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([newsd, "run", "--config", cfg], stdout=log, stderr=log)

    def log_text():
        return read_text(log_path)

    def wait_for(pred, timeout):
        return wait_until(pred, timeout, 0.2)

    filler = os.path.join(disk, "filler")
    try:
        check(wait_for(lambda: log_text().count("feed Growing: 200") >= 3, 30), "polls before the disk fills")
        found = re.search(r"admin listener on http://(127\.0\.0\.1:\d+)", log_text())
        check(found is not None, "admin address logged")
        if not found:
            return
        admin = "http://" + found.group(1)

        check(fill(filler), "the disk fills up (ENOSPC)")
        check(wait_for(lambda: "cannot commit item" in log_text(), 60), "a failed commit is logged")
        feed.frozen = True  # what failed to commit is all there is to read
        check("store: writes stopped: IO error: No space left on device" in log_text(),
              "the store says why writes stopped")
        check(wait_for(lambda: log_text().count("cannot commit item") >= 2, 30),
              "the next poll is retried and fails again")
        check(proc.poll() is None, "the daemon is still running on a full disk")
        code, text = http_get(admin + "/metrics")
        check(code == 200 and (metric(text, "newsd_commit_errors_total") or 0) > 0,
              f"newsd_commit_errors_total counts the failed commits ({metric(text, 'newsd_commit_errors_total')})")
        check(metric(text, "newsd_rocksdb_write_stopped") == 1,
              f"newsd_rocksdb_write_stopped is 1 ({metric(text, 'newsd_rocksdb_write_stopped')})")
        check(http_get(admin + "/healthz")[0] == 200, "/healthz answers on a full disk")
        code, text = http_get(admin + "/readyz")
        check(code == 503 and "not taking writes" in text, f"/readyz fails on a full disk ({code} {text!r})")

        os.remove(filler)
        check(wait_for(lambda: "store: writable again" in log_text(), 40), "the store takes writes again")
        recovered_at = len(log_text())
        code, text = http_get(admin + "/metrics")
        check(metric(text, "newsd_rocksdb_write_stopped") == 0, "newsd_rocksdb_write_stopped back to 0")
        check(http_get(admin + "/readyz")[0] == 200, "/readyz 200 again")
        check(wait_for(lambda: re.search(r"feed Growing: 200, \d+ items \([1-9]\d* new",
                                         log_text()[recovered_at:]) is not None, 20),
              "the items whose commit failed are fetched again once the disk is freed")
        check(wait_for(lambda: "feed Growing: not modified" in log_text()[recovered_at:], 20),
              "once committed, the response's ETag is kept and answered 304")
        # Grow again for a while, then stop; two more polls take in whatever is left.
        feed.frozen = False
        polls = log_text().count("feed Growing: 200")
        check(wait_for(lambda: log_text().count("feed Growing: 200") >= polls + 2, 20), "polls after thawing")
        feed.frozen = True
        polls = len(re.findall(r"feed Growing: (200|not modified)", log_text()))
        check(wait_for(lambda: len(re.findall(r"feed Growing: (200|not modified)", log_text())) >= polls + 2, 20),
              "polls after freezing")
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(60)
        check(rc == 0, f"SIGTERM: exit 0 after draining the outbox (got {rc})")

        served = {title for title, _, _ in feed.items}
        stories = latest_by_key(kcat(broker.bootstrap, "news.stories"))
        headlines = [s["headline"] for s in stories.values()]
        missing = served - set(headlines)
        check(not missing, f"every served item reached Kafka as a story ({len(missing)} of {len(served)} missing, "
                           f"e.g. {sorted(missing)[:3]})")
        check(len(headlines) == len(set(headlines)) and sum(s["items"] for s in stories.values()) == len(served),
              f"no item counted twice ({len(headlines)} stories, {sum(s['items'] for s in stories.values())} "
              f"items for {len(served)} served)")
        print(f"served {len(served)} items; {log_text().count('cannot commit item')} failed commits during the full disk")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        server.stop()
        broker.stop()
        if os.path.exists(filler):
            os.remove(filler)
        subprocess.run(["umount", disk], capture_output=True)


main_wrapper("e2e_disk_full", body)
