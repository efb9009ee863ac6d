#!/usr/bin/env python3
"""The running daemon's side of issue 21's figures (scripts/bench daemon):

  delivery  alerts queued by `parlwatch ingest --no-deliver` of the
            largest fixture day for N readers (one "trafficking" rule
            each), then `parlwatch run --once` sends them all: emails to
            the tests' loopback SMTP sink, signed webhooks to the tests'
            loopback receiver. The rate is messages / the run's wall time:
            the whole daemon, start, database and exit included.
  idle      RSS of `parlwatch run` with no rules, 10 s after it answers
            /healthz (its peak too).
  parse     `parlwatch parse` of the largest fixture file against
            `xmllint --stream --noout` of the same file, best of 5 each.

Figures, not a test. Prints `name: value` lines last.

Usage: daemon_bench.py PARLWATCH FAKE_SERVER SMTP_SINK DATA_DIR [EMAILS] [WEBHOOKS]
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from web_lib import free_port  # noqa: E402

DAY = "answers2009-10-28c.xml"


def wait_file(path, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                return f.read().strip()
        time.sleep(0.05)
    raise SystemExit(f"{path} did not appear")


def config(work, data, db, smtp_port="", listen=""):
    mirror = os.path.join(work, "mirror")
    os.makedirs(os.path.join(mirror, "wrans"), exist_ok=True)
    path = os.path.join(work, "pw.toml")
    with open(path, "w") as f:
        f.write(f"""[storage]
database = "{db}"
outbox_dir = "{db}.outbox"
[people]
files = ["{data}/people.xml", "{data}/all-members.xml"]
[schedule]
start_date = "2009-10-01"
recheck_days = 36500
[delivery]
mode = "network"
[email]
from = "parlwatch alerts <alerts@parlwatch.test>"
public_url = "https://alerts.example.org"
smtp_url = "smtp://127.0.0.1:{smtp_port or 9}"
starttls = false
[webhooks]
allow_http = true
allow_networks = ["127.0.0.0/8"]
[server]
listen = "{listen}"
[[source]]
name = "mirror"
kind = "parlparse-dir"
path = "{mirror}"
sections = ["wrans"]
""")
    return path


def run(argv, **kw):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def queue(pw, data, work, db, readers, hook_port):
    """Queues one alert for each of `readers` new addresses; by webhook
    when hook_port is given. Returns how many were queued."""
    rules = os.path.join(work, "rules.tsv")
    with open(rules, "w") as f:
        for i in range(readers):
            f.write(f"reader{i}@example.org\ttrafficking\n")
    run([pw, "--db", db, "rule", "import", rules])
    if hook_port:
        run([pw, "--db", db, "user", "add", "hooks@example.org", "--webhook",
             f"http://127.0.0.1:{hook_port}/hooks/h"])
        con = sqlite3.connect(db)
        with con:
            secret = con.execute("SELECT webhook_secret FROM users"
                                 " WHERE email = 'hooks@example.org'").fetchone()[0]
            con.execute("UPDATE users SET webhook_url = ?1 || id, webhook_secret = ?2"
                        " WHERE email LIKE 'reader%'",
                        (f"http://127.0.0.1:{hook_port}/hooks/r", secret))
            con.execute("UPDATE rules SET channel = 'webhook'")
        con.close()
    run([pw, "--db", db, "--people", os.path.join(data, "people.xml"),
         "--people", os.path.join(data, "all-members.xml"),
         "ingest", "--no-deliver", os.path.join(data, DAY)])
    con = sqlite3.connect(db)
    n = con.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    con.close()
    return n


def delivery(pw, data, work, readers, smtp_port, hook_port):
    """(messages sent, seconds) of `run --once` over `readers` queued alerts."""
    db = os.path.join(work, "pw.db")
    for f in os.listdir(work):
        if f.startswith("pw.db"):
            os.remove(os.path.join(work, f))
    queued = queue(pw, data, work, db, readers, hook_port)
    cfg = config(work, data, db, smtp_port)
    start = time.monotonic()
    run([pw, "run", "--config", cfg, "--once"])
    wall = time.monotonic() - start
    con = sqlite3.connect(db)
    sent = con.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
    con.close()
    if sent != queued:
        raise SystemExit(f"queued {queued}, sent {sent}")
    return sent, wall


def count_until(folder, suffix, expected, timeout=10):
    """The files ending in `suffix` in `folder`, once there are `expected`
    or `timeout` s have passed (the fakes write after answering)."""
    deadline = time.monotonic() + timeout
    while True:
        n = len([f for f in os.listdir(folder) if f.endswith(suffix)])
        if n >= expected or time.monotonic() > deadline:
            return n
        time.sleep(0.1)


def rss_mib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM", "RssAnon"))


def idle_rss(pw, data, work, db, settle=10.0):
    """(RSS, peak RSS, anonymous RSS) in MiB of `parlwatch run` over `db`,
    `settle` s after it first answers /healthz. The rest of RSS is shared
    libraries' pages, shared with other processes."""
    port = free_port()
    cfg = config(work, data, db, listen=f"127.0.0.1:{port}")
    proc = subprocess.Popen([pw, "run", "--config", cfg], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(settle)
        return rss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def best_of(argv, n=5):
    best = None
    for _ in range(n):
        start = time.monotonic()
        run(argv)
        t = time.monotonic() - start
        best = t if best is None else min(best, t)
    return best


# The sinks stand for the users' own servers, which keep each message in a
# file or two: in memory (/dev/shm) where there is one, so what is measured
# is the daemon, whose database stays on disk, and not how fast this disk
# creates small files (on this VM 0.1-1.8 ms a pair, depending on the day).
SINK_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else None


def main(pw, server, sink, data, emails=2000, webhooks=2000):
    with tempfile.TemporaryDirectory() as work, \
            tempfile.TemporaryDirectory(dir=SINK_DIR) as received_in:
        mail = os.path.join(received_in, "mail")
        hooks = os.path.join(received_in, "hooks")
        site = os.path.join(work, "site")
        for d in (mail, hooks, site):
            os.makedirs(d)
        fakes = [subprocess.Popen([sink, os.path.join(work, "smtp-port"), mail]),
                 subprocess.Popen([server, site, os.path.join(work, "port"),
                                   os.path.join(work, "faults"),
                                   os.path.join(received_in, "requests"), hooks])]
        open(os.path.join(work, "faults"), "w").close()
        try:
            smtp_port = wait_file(os.path.join(work, "smtp-port"))
            hook_port = wait_file(os.path.join(work, "port"))
            runs = os.path.join(work, "runs")
            os.makedirs(runs)
            e_sent, e_wall = delivery(pw, data, runs, emails, smtp_port, None)
            received = count_until(mail, ".eml", e_sent)
            if received != e_sent:
                raise SystemExit(f"{e_sent} emails sent, {received} received")
            print(f"daemon delivery: {e_sent} emails in {e_wall:.2f} s (run --once, start to exit)")
            w_sent, w_wall = delivery(pw, data, runs, webhooks, smtp_port, hook_port)
            received = count_until(hooks, ".headers", w_sent)
            if received != w_sent:
                raise SystemExit(f"{w_sent} webhooks sent, {received} received")
            print(f"daemon delivery: {w_sent} webhooks in {w_wall:.2f} s")
            empty = os.path.join(runs, "empty.db")
            idle, idle_peak, idle_anon = idle_rss(pw, data, runs, empty)
            print(f"idle daemon, no rules: RSS {idle:.1f} MiB ({idle_anon:.1f} MiB its own,"
                  f" the rest shared libraries), peak {idle_peak:.1f} MiB")
        finally:
            for p in fakes:
                p.terminate()
                p.wait()
        big = os.path.join(data, DAY)
        ours = best_of([pw, "parse", big])
        theirs = best_of(["xmllint", "--stream", "--noout", big])
        print(f"parse {DAY}: parlwatch {ours * 1000:.0f} ms, xmllint --stream {theirs * 1000:.0f} ms"
              " (best of 5, one-shot)")
        print(f"daemon_emails_per_second: {e_sent / e_wall:.0f}")
        print(f"daemon_webhooks_per_second: {w_sent / w_wall:.0f}")
        print(f"daemon_idle_rss_mib_no_rules: {idle:.1f}")
        print(f"daemon_idle_peak_rss_mib_no_rules: {idle_peak:.1f}")
        print(f"daemon_idle_anon_rss_mib_no_rules: {idle_anon:.1f}")
        print(f"parse_ms: {ours * 1000:.0f}")
        print(f"xmllint_stream_ms: {theirs * 1000:.0f}")
        print(f"parse_vs_xmllint: {ours / theirs:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:5], *[int(a) for a in sys.argv[5:]])
