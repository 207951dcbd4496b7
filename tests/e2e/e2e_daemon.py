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

from harness import (FeedServer, check, fixture, http_get, kcat, latest_by_key, main_wrapper, metric,
                     run, static)


def body(args, work):
    src, newsd = args.source, args.newsd
    server = FeedServer({
        "/continental.xml": static(fixture(src, "syndicated_1.xml"), etag='"cw-1"'),
        "/valley.xml": static(fixture(src, "syndicated_3.xml")),
        "/ledger.xml": static(fixture(src, "repeated_story.xml")),
        "/down.xml": lambda req: (503, {"Retry-After": "3600"}, b""),
        "/stuck.xml": lambda req: (time.sleep(15), (200, {}, b""))[1],
        "/slow.xml": lambda req: (time.sleep(3), (200, {"Content-Type": "application/rss+xml"},
                                                  fixture(src, "syndicated_3.xml")))[1],
        "/limited.xml": lambda req: (429, {"Retry-After": "3600"}, b"slow down"),
        "/same-host.xml": static(fixture(src, "syndicated_3.xml")),
        "/other-host.xml": static(fixture(src, "repeated_story.xml")),
    })
    sock_path = os.path.join(work, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(sock_path)
    notify.settimeout(0.2)
    cfg = os.path.join(work, "newsd.toml")
    base = (f'[store]\npath = "{work}/store"\n[kafka]\nbrokers = "embedded"\n'
            f'[http]\nlisten = "127.0.0.1:0"\n[api]\nlisten = ""\n'
            f'[schedule]\ndefault_interval = "1h"\n'
            f'[[feeds]]\nurl = "{server.url("/continental.xml")}"\nname = "Continental"\n'
            f'[[feeds]]\nurl = "{server.url("/valley.xml")}"\nname = "Valley"\n'
            # On its own host name: its Retry-After holds back that host only.
            f'[[feeds]]\nurl = "{server.url("/down.xml").replace("127.0.0.1", "localhost")}"\nname = "Down"\n')
    with open(cfg, "w") as f:
        f.write(base)
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

    def start(config_path, text, what):
        """Writes a config, starts `newsd run` on it, waits for READY=1."""
        with open(config_path, "w") as f:
            f.write(text)
        with open(log_path, "w") as log:
            p = subprocess.Popen([newsd, "run", "--config", config_path], stderr=log, stdout=log, env=env)
        messages.clear()
        check(wait_for(lambda m: "READY=1" in m, 30), what + ": READY=1")
        return p

    try:
        check(wait_for(lambda m: "READY=1" in m, 30), "READY=1 sent on the notify socket")
        check(wait_for(lambda m: m.startswith("STATUS=") and "feeds=3" in m and "items/min=" in m
                       and "events/min=" in m and "outbox=" in m, 10), "STATUS= line with rates sent")
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

        # Admin listener.
        found = re.search(r"admin listener on http://(127\.0\.0\.1:\d+)", open(log_path).read())
        check(found is not None, "admin address logged")
        if found:
            admin = "http://" + found.group(1)
            code, body = http_get(admin + "/healthz")
            check(code == 200 and body.startswith("ok"), f"/healthz 200 ({code} {body!r})")
            code, body = http_get(admin + "/readyz")
            check(code == 200 and "outbox depth" in body, f"/readyz 200 ({code} {body!r})")
            deadline = time.time() + 10
            text = ""
            while time.time() < deadline:
                code, text = http_get(admin + "/metrics")
                if (metric(text, 'newsd_kafka_deliveries_total{result="ok"}') or 0) > 0:
                    break
                time.sleep(0.2)
            check(code == 200, "/metrics 200")
            for series, want in [
                ('newsd_polls_total{result="ok"}', 2), ('newsd_polls_total{result="http_5xx"}', 1),
                ('newsd_items_total{verdict="new"}', 2), ('newsd_items_total{verdict="near_duplicate"}', 1),
                ('newsd_feeds{state="failing"}', 1), ('newsd_feeds{state="ok"}', 2),
                ('newsd_events_total{op="created",code="040"}', 1),
                ('newsd_stories_total{op="created"}', 2), ('newsd_stories_total{op="updated"}', 1),
                ('newsd_outbox_depth', 0), ('newsd_outbox_oldest_age_seconds', 0),
            ]:
                got = metric(text, series)
                check(got == want, f"metric {series} = {want} (got {got})")
            check((metric(text, 'newsd_kafka_deliveries_total{result="ok"}') or 0) >= 5, "deliveries counted")
            check((metric(text, "newsd_kafka_delivery_latency_seconds_count") or 0) >= 5, "delivery latency histogram")
            check((metric(text, "newsd_fetch_bytes_total") or 0) > 1000, "bytes fetched counted")
            check(metric(text, 'newsd_fetch_responses_total{version="1.1"}') == 3,
                  "responses counted by HTTP version")
            check(1 <= (metric(text, "newsd_fetch_connections_total") or 0) <= 3, "connections counted")
            check((metric(text, "newsd_process_resident_memory_bytes") or 0) > 1e6, "RSS reported")
            check("# TYPE newsd_poll_lag_seconds histogram" in text, "poll lag histogram")
            check('newsd_build_info{version="' in text, "build info")

        # Reload: a feed added and the log level raised by editing the
        # config, then a broken config.
        check("polling 1 feeds" not in open(log_path).read(), "no debug lines at the info level")
        with open(cfg, "w") as f:
            f.write('log_level = "debug"\n' + base +
                    f'[[feeds]]\nurl = "{server.url("/ledger.xml")}"\nname = "Ledger"\n')
        messages.clear()
        proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda m: m.startswith("RELOADING=1") and "MONOTONIC_USEC=" in m, 10), "SIGHUP: RELOADING=1")
        check(wait_for(lambda m: m == "READY=1", 10), "reload: READY=1 again")
        deadline = time.time() + 10
        while time.time() < deadline and server.count("/ledger.xml") == 0:
            time.sleep(0.1)
        check(server.count("/ledger.xml") == 1, "the added feed is polled without a restart")
        check(server.count("/continental.xml") == 1, "existing feeds keep their schedule")
        check("reload: feed added: Ledger" in open(log_path).read(), "reload logged")
        check(re.search(r" debug polling \d+ feeds", open(log_path).read()) is not None,
              "the reloaded log level applies: debug lines appear")
        with open(cfg, "w") as f:
            f.write(base + "[kafka.bogus\n")
        proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while time.time() < deadline and "reload rejected" not in open(log_path).read():
            time.sleep(0.1)
        check("reload rejected, the running configuration stays" in open(log_path).read(), "bad reload rejected")
        check(proc.poll() is None, "still running after a bad reload")
        if found:
            check(http_get(admin + "/healthz")[0] == 200, "still healthy after a bad reload")
        with open(cfg, "w") as f:
            f.write(base)

        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(30)
        check(rc == 0, f"SIGTERM: exit 0 (got {rc})")
        check(wait_for(lambda m: "STOPPING=1" in m, 5), "STOPPING=1 sent")
        log = open(log_path).read()
        check("stopped:" in log, "stop logged")
        t = run(newsd, "timeline", "Macron", "--config", cfg)
        check(t.returncode == 0 and "Olaf Scholz" in t.stdout, "store reopens after the stop")

        # A reload requested during a poll cycle, of a config whose TOML is
        # unchanged and whose feeds_file was edited by `newsd feeds`: the
        # cycle in flight finishes (its items are committed), then the
        # edited list applies.
        managed = os.path.join(work, "managed.toml")
        proc = start(managed,
                     f'feeds_file = "{work}/managed.opml"\n[store]\npath = "{work}/store4"\n'
                     '[kafka]\nbrokers = "embedded"\n[http]\nlisten = ""\n[api]\nlisten = ""\n'
                     f'[[feeds]]\nurl = "{server.url("/slow.xml")}"\nname = "Slow"\n', "managed feeds")
        deadline = time.time() + 5
        while time.time() < deadline and server.count("/slow.xml") == 0:
            time.sleep(0.02)
        ledger_before = server.count("/ledger.xml")
        r = run(newsd, "feeds", "add", server.url("/ledger.xml"), "--name", "Ledger", "--config", managed)
        check(r.returncode == 0 and "added 1" in r.stdout and "SIGHUP" in r.stderr,
              f"feeds add edits the feeds_file and says how to apply it ({r.stdout} {r.stderr})")
        messages.clear()
        proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda m: m == "READY=1", 15), "reload during a poll cycle: READY=1 after it")
        deadline = time.time() + 10
        while time.time() < deadline and server.count("/ledger.xml") == ledger_before:
            time.sleep(0.1)
        log = open(log_path).read()
        slow_done, added = log.find("feed Slow: 200"), log.find("reload: feed added: Ledger")
        check(0 <= slow_done < added, "the cycle in flight ends (its items committed) before the reload applies")
        check(server.count("/slow.xml") == 1 and server.count("/ledger.xml") == ledger_before + 1,
              "the feed added to the feeds_file is polled; the slow one is not fetched twice")
        r = run(newsd, "feeds", "remove", server.url("/ledger.xml"), "--config", managed)
        check(r.returncode == 0, f"feeds remove ({r.stderr})")
        messages.clear()
        proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda m: m == "READY=1", 15), "second reload: READY=1")
        check("reload: feed removed: Ledger" in open(log_path).read(),
              "the feed removed from the feeds_file is dropped on reload")
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(30) == 0, "stops cleanly after the reloads")
        t = run(newsd, "timeline", "Scholz", "--config", managed)
        check(t.returncode == 0 and "Scholz" in t.stdout, f"the slow feed's events are in the store ({t.stdout[:200]})")

        # SIGTERM while a transfer hangs: fetching stops at once.
        proc = start(os.path.join(work, "stuck.toml"),
                     f'[store]\npath = "{work}/store3"\n[kafka]\nbrokers = "embedded"\n[http]\nlisten = ""\n[api]\nlisten = ""\n'
                     f'[fetch]\ntimeout = "60s"\n'
                     f'[[feeds]]\nurl = "{server.url("/stuck.xml")}"\nname = "Stuck"\n', "stuck feed")
        deadline = time.time() + 5
        while time.time() < deadline and server.count("/stuck.xml") == 0:
            time.sleep(0.05)
        started = time.time()
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(30)
        check(rc == 0 and time.time() - started < 5,
              f"SIGTERM during a hanging transfer exits 0 promptly ({rc}, {time.time() - started:.1f}s)")

        # Kafka down: the graceful stop waits for the outbox; a second signal
        # exits at once, and nothing committed is lost.
        proc = start(os.path.join(work, "down.toml"),
                     f'[store]\npath = "{work}/store2"\n'
                     f'[kafka]\nbrokers = "127.0.0.1:1"\nflush_timeout = "60s"\n'
                     f'[[feeds]]\nurl = "{server.url("/continental.xml")}"\nname = "Continental"\n', "Kafka down")
        deadline = time.time() + 10
        while time.time() < deadline and "feed Continental: 200" not in open(log_path).read():
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        deadline = time.time() + 20
        while time.time() < deadline and "stopping: flushing" not in open(log_path).read():
            time.sleep(0.1)
        flushing = re.search(r"stopping: flushing (\d+) outbox messages", open(log_path).read())
        check(flushing is not None and int(flushing.group(1)) > 0,
              "first SIGTERM: the daemon says it is flushing the outbox to Kafka")
        # Not exiting has no event to wait for: half a second after the
        # flush began, a daemon that did not wait would be gone.
        time.sleep(0.5)
        check(proc.poll() is None, "first SIGTERM waits for Kafka (60 s flush timeout)")
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(10)
        check(rc == 1 and "second signal" in open(log_path).read(), f"second SIGTERM exits at once (rc {rc})")
        cfg_up = os.path.join(work, "up.toml")
        with open(cfg_up, "w") as f:
            f.write(f'[store]\npath = "{work}/store2"\n[kafka]\nbrokers = "embedded"\n')
        r = run(newsd, "run", "--once", "--config", cfg_up)
        kept = int(flushing.group(1)) if flushing else -1
        check(r.returncode == 0 and f"; {kept} messages published" in r.stderr,
              f"after a hard stop the outbox is intact and drains: exactly the {kept} messages "
              f"kept at the stop ({r.stderr[-300:]})")

        # Retry-After holds back every feed of that host, not just the one
        # that was told: "localhost" and "127.0.0.1" are two hosts here.
        local = server.url("/continental.xml").replace("127.0.0.1", "localhost")
        proc = start(os.path.join(work, "polite.toml"),
                     f'[store]\npath = "{work}/store3"\n[kafka]\nbrokers = "embedded"\n'
                     '[schedule]\nadaptive = false\ndefault_interval = "1s"\nmin_interval = "1s"\njitter = 0.0\n'
                     f'[[feeds]]\nurl = "{local.replace("/continental.xml", "/limited.xml")}"\nname = "Limited"\n'
                     f'[[feeds]]\nurl = "{local.replace("/continental.xml", "/same-host.xml")}"\nname = "Same host"\n'
                     f'[[feeds]]\nurl = "{server.url("/other-host.xml")}"\nname = "Other host"\n', "Retry-After")
        # Until the other host has had three polls (1 s apart): by then the
        # limited host would have had as many without its Retry-After.
        deadline = time.time() + 30
        while time.time() < deadline and server.count("/other-host.xml") < 3:
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        polls = {p: server.count(p) for p in ("/limited.xml", "/same-host.xml", "/other-host.xml")}
        check(polls["/limited.xml"] == 1 and polls["/same-host.xml"] == 1 and polls["/other-host.xml"] >= 3,
              f"Retry-After defers the whole host, other hosts go on: {polls}")
        check("host localhost answered 429 with Retry-After" in open(log_path).read(), "the deferral is logged")
    finally:
        if proc.poll() is None:
            proc.kill()
        server.stop()
        notify.close()


main_wrapper("e2e_daemon", body)
