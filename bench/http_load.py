#!/usr/bin/env python3
"""Load on the web face (scripts/bench http): starts `parlwatch run` on a
loopback port over an empty mirror, then N client threads, each on one
kept-alive connection, send as many requests as they can for a few
seconds: GET /healthz, GET /metrics, and sign-ups (POST
/api/subscriptions, each a new address, so each one writes a user, a
subscription and a confirmation email in one transaction). Then the same
sign-ups past the limits (each answered 429), and /healthz probes on new
connections while 500 slow clients hold connections open, dripping a
header byte at a time (slowloris). Prints requests per second and the
slowest answer. Figures, not a test: the
Python clients share the machine's two cores with the daemon.

Usage: http_load.py PARLWATCH DATA_DIR [SECONDS] [THREADS]
"""
import http.client
import json
import os
import resource
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from web_lib import Daemon  # noqa: E402


def hammer(port, make_request, seconds, results):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done, slowest, errors, n = 0, 0.0, 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        method, path, body, headers = make_request(n)
        n += 1
        start = time.monotonic()
        conn.request(method, path, body=body, headers=headers)
        response = response_ok = conn.getresponse()
        response.read()
        slowest = max(slowest, time.monotonic() - start)
        if response_ok.status >= 500:
            errors += 1
        done += 1
    conn.close()
    results.append((done, slowest, errors))


def run(port, name, make_request, seconds, threads):
    results = []
    workers = [threading.Thread(target=hammer, args=(port, make_request(t), seconds, results))
               for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    total = sum(r[0] for r in results)
    slowest = max(r[1] for r in results)
    errors = sum(r[2] for r in results)
    print(f"{name}: {total / seconds:,.0f} requests/s with {threads} connections, "
          f"slowest {slowest * 1000:.1f} ms, {errors} answers 5xx")
    return total / seconds, slowest, errors


def probe_under_slow_clients(port, slow=500, probes=20):
    """Slowest of `probes` GET /healthz on new connections, in seconds, while
    `slow` clients hold connections open with half-sent headers."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    held = []

    def hold():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /slow HTTP/1.1\r\nHost: a\r\nX-")
        return s
    held = [hold() for _ in range(slow)]
    slowest, failed = 0.0, 0
    for _ in range(probes):
        for i, s in enumerate(held):
            try:
                s.sendall(b"a")
            except OSError:
                s.close()
                held[i] = hold()
        start = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status != 200:
                failed += 1
        except OSError:
            failed += 1
        conn.close()
        slowest = max(slowest, time.monotonic() - start)
        time.sleep(0.25)
    for s in held:
        s.close()
    print(f"GET /healthz under {slow} slow clients: slowest {slowest * 1000:.1f} ms, "
          f"{failed} of {probes} not 200")
    return slowest, failed


def main(pw, data, seconds=5, threads=4):
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(pw, data, work)
        with open(d.config, "a") as f:
            f.write("[subscriptions]\nsignups_per_address_per_hour = 100000\n"
                    "signups_per_network_per_hour = 1000000\n"
                    "confirmations_per_email_per_day = 100\n")
        d.start()
        try:
            get = lambda path: lambda t: lambda n: ("GET", path, None, {})  # noqa: E731
            health, _, _ = run(d.port, "GET /healthz", get("/healthz"), seconds, threads)
            run(d.port, "GET /metrics", get("/metrics"), seconds, threads)

            def signup(t):
                return lambda n: ("POST", "/api/subscriptions", json.dumps(
                    {"email": f"load{t}-{n}@example.org", "query": "trafficking"}),
                    {"Content-Type": "application/json"})
            signups, signup_slowest, signup_errors = run(
                d.port, "POST /api/subscriptions", signup, seconds, threads)
            # Many clients at once: the web face commits the sign-ups waiting
            # for it together (one disk sync for a burst).
            burst = lambda t: signup(t + 1000)  # noqa: E731 (other addresses)
            many, many_slowest, many_errors = run(
                d.port, "POST /api/subscriptions", burst, seconds, 16)
            d.stop()
            with open(d.config) as f:
                text = f.read().replace("per_address_per_hour = 100000", "per_address_per_hour = 1")
            with open(d.config, "w") as f:
                f.write(text)
            d.start()
            refused, _, _ = run(d.port, "POST /api/subscriptions over the limit (429)", signup,
                          seconds, threads)
            slowest, failed = probe_under_slow_clients(d.port)
            print(f"http_healthz_per_second: {health:.0f}")
            print(f"http_signups_per_second: {signups:.0f}")
            print(f"http_signups_slowest_ms: {signup_slowest * 1000:.0f}")
            print(f"http_signups_5xx: {signup_errors}")
            print(f"http_signups_16_connections_per_second: {many:.0f}")
            print(f"http_signups_16_connections_slowest_ms: {many_slowest * 1000:.0f}")
            print(f"http_signups_16_connections_5xx: {many_errors}")
            print(f"http_refused_signups_per_second: {refused:.0f}")
            print(f"http_healthz_under_500_slow_clients_slowest_ms: {slowest * 1000:.0f}")
            print(f"http_healthz_under_500_slow_clients_failed: {failed}")
        finally:
            d.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *[int(a) for a in sys.argv[3:]])
