#!/usr/bin/env python3
"""End to end: WebSub against a hub on loopback written from the W3C spec
(tests/e2e/websub_hub.py). A feed polled once an hour names the hub;
`newsd run` subscribes, answers the hub's verification, and an item the hub
pushes reaches Kafka (read with kcat) without a poll. A forged push changes
nothing and is counted; requests that are not WebSub's get the listener's
usual answers; the short lease the hub grants is renewed; when the hub
stops renewing, the lease runs out and the feed is polled again."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

from harness import (Broker, FeedServer, check, free_port, http_get, kcat, latest_by_key,
                     main_wrapper, metric, raw_request, wait_until)
from websub_hub import Hub


def rss(feed_url, hub_url, items):
    entries = "".join(f"<item><title>{t}</title><guid>{g}</guid><link>http://w.example/{g}</link>"
                      f"<description>{d}</description></item>" for g, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f'<channel><title>World desk</title><link>http://w.example/</link>'
            f'<atom:link rel="hub" href="{hub_url}"/><atom:link rel="self" href="{feed_url}"/>'
            f"{entries}</channel></rss>").encode()


def body(args, work):
    newsd = args.newsd
    hub = Hub(lease_seconds=6)
    routes = {}
    server = FeedServer(routes)
    feed_url = server.url("/world.xml")
    routes["/world.xml"] = lambda req: (200, {"Content-Type": "application/rss+xml"}, rss(
        feed_url, hub.url, [("w1", "Desk opens", "The world desk opens for the day.")]))
    broker = Broker(newsd, work)
    port = free_port()
    admin = f"127.0.0.1:{port}"
    cfg = os.path.join(work, "newsd.toml")
    with open(cfg, "w") as f:
        f.write(f'[store]\npath = "{work}/store"\nsync = false\n'
                f'[kafka]\nbrokers = "{broker.bootstrap}"\n'
                f'[http]\nlisten = "{admin}"\n[api]\nlisten = ""\n'
                f'[websub]\ncallback_url = "http://{admin}"\n'
                f'[[feeds]]\nurl = "{feed_url}"\nname = "World desk"\ninterval = "1h"\n')
    log_path = os.path.join(work, "newsd.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([newsd, "run", "--config", cfg], stderr=log, stdout=log)

    def events():
        return latest_by_key(kcat(broker.bootstrap, "news.events"))

    def meeting(evs, a, b):
        return [e for e in evs.values()
                if {e["source"]["name"], (e["target"] or {}).get("name")} == {a, b}]

    try:
        check(wait_until(lambda: hub.verified(feed_url) >= 1, 20),
              "newsd subscribes and answers the hub's verification: " + repr(hub.log))
        check(server.count("/world.xml") == 1, "the feed was polled once, at start")
        log_text = open(log_path).read()
        check("websub: subscribed to " + feed_url in log_text, "the subscription is logged")

        # Distribution: a new item, pushed, is processed without a poll.
        pushed = rss(feed_url, hub.url, [
            ("w2", "Nordic talks",
             "The prime minister of Norway met the president of Finland in Oslo on Tuesday to "
             "discuss fishing quotas in the Barents Sea."),
            ("w1", "Desk opens", "The world desk opens for the day.")])
        started = time.time()
        statuses = hub.publish(feed_url, pushed)
        check(statuses == [202], f"the push is acknowledged with 202: {statuses}")
        found = wait_until(lambda: meeting(events(), "Norway", "Finland"), 20, step=0.3)
        took = time.time() - started
        check(found, "the pushed item's event reaches Kafka")
        print(f"push to kcat: {took:.2f} s")
        check(server.count("/world.xml") == 1, "no poll was needed (the interval is an hour)")

        # A forged push: acknowledged, ignored, counted.
        forged = rss(feed_url, hub.url, [
            ("w3", "Forged", "The president of France met the prime minister of Japan in Paris "
                             "on Tuesday to discuss trade.")])
        check(hub.publish(feed_url, forged, forge=True) == [202], "a forged push gets 202 too")
        time.sleep(2)
        check(not meeting(events(), "France", "Japan"), "the forged item changed nothing")
        code, text = http_get(f"http://{admin}/metrics")
        check(metric(text, 'newsd_websub_pushes_total{result="bad_signature"}') == 1,
              "the forged push is counted")
        check(metric(text, 'newsd_websub_pushes_total{result="accepted"}') == 1,
              "the genuine push is counted")
        check(metric(text, 'newsd_websub_subscriptions{state="active"}') == 1,
              "one active subscription")

        # The listener's other answers.
        answer = raw_request(admin, "POST /websub/0123456789abcdef HTTP/1.1\r\nHost: x\r\n\r\n")
        check(answer.startswith("HTTP/1.1 411"), f"a POST without Content-Length: 411 ({answer[:30]!r})")
        answer = raw_request(admin, "POST /websub/0123456789abcdef HTTP/1.1\r\nHost: x\r\n"
                                    "Content-Length: 2\r\n\r\nhi")
        check(answer.startswith("HTTP/1.1 404"), f"a push for no subscription: 404 ({answer[:30]!r})")
        answer = raw_request(admin, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        check(answer.startswith("HTTP/1.1 404"), f"POST elsewhere: 404 ({answer[:30]!r})")
        answer = raw_request(admin, "PUT /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        check(answer.startswith("HTTP/1.1 405"), f"PUT: 405 ({answer[:30]!r})")
        # Bodies being received at once are bounded together: two POSTs of
        # the largest size may be in flight, a third is turned away at once.
        host, p = admin.split(":")
        slow = [socket.create_connection((host, int(p)), timeout=5) for _ in range(3)]
        for s in slow:
            s.sendall(b"POST /websub/0123456789abcdef HTTP/1.1\r\nContent-Length: 15728640\r\n\r\n")
            time.sleep(0.2)
        slow[2].settimeout(3)
        try:
            third = slow[2].recv(100).decode(errors="replace")
        except socket.timeout:
            third = ""
        check(third.startswith("HTTP/1.1 503"), f"a third large body at once: 503 ({third[:30]!r})")
        for s in slow:
            s.close()
        code, _ = http_get(f"http://{admin}/websub/0123456789abcdef?hub.mode=subscribe&"
                           "hub.topic=x&hub.challenge=y")
        check(code == 404, f"a verification nobody asked for: 404 ({code})")

        # The 6 s lease is renewed before it ends.
        check(wait_until(lambda: hub.verified(feed_url) >= 2, 15),
              "the lease is renewed before it runs out: " + repr(hub.log[-3:]))
        # The hub stops accepting: the lease runs out, the feed is polled again.
        hub.refuse = True
        check(wait_until(lambda: server.count("/world.xml") >= 2, 20),
              "after the lease ran out the feed is polled again")
        check("the lease ran out" in open(log_path).read(), "the end of the lease is logged")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, f"SIGTERM: exit 0 (got {rc})")
        log.close()
        hub.stop()
        broker.stop()
        server.stop()


if __name__ == "__main__":
    main_wrapper("e2e_websub", body)
