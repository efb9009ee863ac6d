#!/usr/bin/env python3
"""End-to-end test of systemd's notify protocol with the real binary.

Binds a datagram socket, runs `parlwatch run` with NOTIFY_SOCKET and
WATCHDOG_USEC pointing at it, and checks the messages in order: READY=1,
WATCHDOG=1 (repeatedly), RELOADING=1 with MONOTONIC_USEC then READY=1 on
SIGHUP, STOPPING=1 on SIGTERM, exit 0; /healthz answers by the time
READY=1 is sent. Also: a bad configuration makes
`run` exit 78 with FILE:LINE, and no NOTIFY_SOCKET means no messages.

Usage: notify_test.py PARLWATCH DATA_DIR
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

failures = []


def check(what, ok):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}")


def health(log_path):
    """GET /healthz at the address the daemon logged; the status, or 0."""
    with open(log_path) as f:
        found = re.search(r"http: listening on (127\.0\.0\.1:\d+)", f.read())
    if not found:
        return 0
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"http://{found.group(1)}/healthz", timeout=5) as r:
            return r.status
    except OSError:
        return 0


def receive_until(sock, wanted, timeout=15.0):
    """Messages up to and including the first that contains `wanted`."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            break
        seen.append(msg)
        if wanted in msg.split("\n"):
            return seen, True
    return seen, False


def main(pw, data):
    with tempfile.TemporaryDirectory() as work:
        mirror = os.path.join(work, "scrapedxml", "wms")
        os.makedirs(mirror)
        for name in ("ministerial2009-10-26b.xml", "ministerial2009-10-26c.xml"):
            shutil.copy(os.path.join(data, name), mirror)
        config = os.path.join(work, "pw.toml")
        with open(config, "w") as f:
            f.write(f"""[storage]
database = "{work}/pw.db"
outbox_dir = "{work}/outbox"
[schedule]
start_date = "2009-10-01"
[[source]]
name = "mirror"
kind = "parlparse-dir"
path = "{work}/scrapedxml"
sections = ["wms"]
[server]
listen = "127.0.0.1:0"
""")
        path = os.path.join(work, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="200000")
        log = open(os.path.join(work, "log"), "w")
        proc = subprocess.Popen([pw, "run", "--config", config], env=env, stderr=log)
        try:
            seen, ready = receive_until(sock, "READY=1")
            check("READY=1 once started", ready)
            check("with a STATUS line", any("STATUS=" in m for m in seen))
            check("the web face answers as soon as READY=1 is sent",
                  health(os.path.join(work, "log")) == 200)
            seen, _ = receive_until(sock, "never", timeout=0.7)
            check(f"WATCHDOG=1 about every 100 ms (got {seen.count('WATCHDOG=1')})",
                  seen.count("WATCHDOG=1") >= 3)
            proc.send_signal(signal.SIGHUP)
            seen, reloading = receive_until(sock, "RELOADING=1")
            check("RELOADING=1 on SIGHUP", reloading)
            check("with MONOTONIC_USEC", reloading and "MONOTONIC_USEC=" in seen[-1])
            seen, ready = receive_until(sock, "READY=1")
            check("READY=1 after the reload", ready)
            proc.send_signal(signal.SIGTERM)
            seen, stopping = receive_until(sock, "STOPPING=1")
            check("STOPPING=1 on SIGTERM", stopping)
            check("exit 0", proc.wait(timeout=10) == 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

        with open(config, "a") as f:
            f.write('[log]\nlevel = "loud"\n')
        bad = subprocess.run([pw, "run", "--config", config], env=env,
                             capture_output=True, text=True)
        check("a bad configuration exits 78", bad.returncode == 78)
        check("naming the file and line", f"{config}:" in bad.stderr and "level" in bad.stderr)
        _, heard = receive_until(sock, "READY=1", timeout=0.3)
        check("and never says READY", not heard)

    print(f"notify protocol: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
