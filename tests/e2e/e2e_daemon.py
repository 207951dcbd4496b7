#!/usr/bin/env python3
"""End to end: `newsd run` as a daemon. The test owns the NOTIFY_SOCKET (as
systemd would), waits for READY=1, reads events from the embedded Kafka with
kcat, then stops the daemon with SIGTERM and expects STOPPING=1, a clean
exit 0 and a store that opens again."""

import os
import re
import signal
import socket
import subprocess
import time

from harness import FeedServer, check, fixture, kcat, latest_by_key, main_wrapper, run, static


def body(args, work):
    src, newsd = args.source, args.newsd
    server = FeedServer({
        "/continental.xml": static(fixture(src, "syndicated_1.xml"), etag='"cw-1"'),
        "/valley.xml": static(fixture(src, "syndicated_3.xml")),
    })
    sock_path = os.path.join(work, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(sock_path)
    notify.settimeout(0.2)
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{work}/store"\n[kafka]\nbrokers = "embedded"\n'
                f'[schedule]\ndefault_interval = "1h"\n'
                f'[[feeds]]\nurl = "{server.url("/continental.xml")}"\nname = "Continental"\n'
                f'[[feeds]]\nurl = "{server.url("/valley.xml")}"\nname = "Valley"\n')
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, WATCHDOG_USEC="2000000")
    env.pop("WATCHDOG_PID", None)  # unset: the watchdog is meant for whoever reads it
    log_path = os.path.join(work, "newsd.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([newsd, "run", "--config", cfg], stderr=log, stdout=log, env=env)
    messages = []

    def wait_for(pred, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                messages.append(notify.recv(4096).decode())
            except socket.timeout:
                pass
            if any(pred(m) for m in messages):
                return True
        return False

    try:
        check(wait_for(lambda m: "READY=1" in m, 30), "READY=1 sent on the notify socket")
        check(wait_for(lambda m: m.startswith("STATUS=") and "feeds=2" in m, 10), "STATUS= line sent")
        check(wait_for(lambda m: "WATCHDOG=1" in m, 5), "WATCHDOG=1 sent when WATCHDOG_USEC is set")
        log = open(log_path).read()
        found = re.search(r"embedded Kafka broker \(development only, in memory\) at (127\.0\.0\.1:\d+)", log)
        check(found is not None, "bootstrap address logged")
        if found:
            bootstrap = found.group(1)
            check(f"kcat -b {bootstrap} -C -t news.events" in log, "kcat command logged")
            latest = {}
            deadline = time.time() + 20
            while time.time() < deadline and not latest:
                latest = latest_by_key(kcat(bootstrap, "news.events"))
                time.sleep(0.3)
            check(any(e["items"] == 2 for e in latest.values()),
                  "a daemon's events reach kcat, the near-duplicate merged in")

        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(30)
        check(rc == 0, f"SIGTERM: exit 0 (got {rc})")
        check(wait_for(lambda m: "STOPPING=1" in m, 5), "STOPPING=1 sent")
        log = open(log_path).read()
        check("stopped:" in log, "stop logged")
        t = run(newsd, "timeline", "Macron", "--config", cfg)
        check(t.returncode == 0 and "Olaf Scholz" in t.stdout, "store reopens after the stop")

        # Kafka down: the graceful stop waits for the outbox; a second signal
        # exits at once, and nothing committed is lost.
        cfg_down = os.path.join(work, "down.toml")
        with open(cfg_down, "w") as f:
            f.write(f'[store]\npath = "{work}/store2"\n'
                    f'[kafka]\nbrokers = "127.0.0.1:1"\nflush_timeout = "60s"\n'
                    f'[[feeds]]\nurl = "{server.url("/continental.xml")}"\nname = "Continental"\n')
        with open(log_path, "w") as log:
            proc = subprocess.Popen([newsd, "run", "--config", cfg_down], stderr=log, stdout=log, env=env)
        messages.clear()
        check(wait_for(lambda m: "READY=1" in m, 30), "Kafka down: still READY=1")
        deadline = time.time() + 10
        while time.time() < deadline and "feed Continental: 200" not in open(log_path).read():
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        check(proc.poll() is None, "first SIGTERM waits for Kafka")
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(10)
        check(rc == 1 and "second signal" in open(log_path).read(), f"second SIGTERM exits at once (rc {rc})")
        cfg_up = os.path.join(work, "up.toml")
        with open(cfg_up, "w") as f:
            f.write(f'[store]\npath = "{work}/store2"\n[kafka]\nbrokers = "embedded"\n')
        r = run(newsd, "run", "--once", "--config", cfg_up)
        check(r.returncode == 0 and "messages published" in r.stderr and " 0 messages published" not in r.stderr,
              f"after a hard stop the outbox is intact and drains: {r.stderr[-500:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
        server.stop()
        notify.close()


main_wrapper("e2e_daemon", body)
