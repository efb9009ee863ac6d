#!/usr/bin/env python3
"""The daemon and a locked database, with the real binary: while another
process holds SQLite's write lock, a poll fails the new file after the
busy timeout, logs it once and stays up; the web face answers its probes,
its metrics and its pages all the while (issue 22: it used to wait out the
busy timeout with the loop); once the lock is gone the next poll ingests
the file, whole and once.

Usage: db_lock_test.py PARLWATCH DATA_DIR
"""
import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_lib import Daemon, check, failures, wait_for  # noqa: E402


BUSY_TIMEOUT = 5.0  # storage::Database's busy timeout, seconds
PATHS = ("/healthz", "/readyz", "/metrics", "/nowhere")


def probe_until_locked(d, timeout=60.0):
    """Asks the probes and a page every 100 ms until the log says the
    database is locked; (answered at, statuses, seconds taken) for each."""
    answered = []
    deadline = time.monotonic() + timeout
    while "database is locked" not in d.log() and time.monotonic() < deadline:
        start = time.monotonic()
        statuses = [d.call("GET", path)[0] for path in PATHS]
        answered.append((time.monotonic(), statuses, time.monotonic() - start))
        time.sleep(0.1)
    return answered


def scenario(d):
    d.start()
    d.poll_now(2)
    holder = sqlite3.connect(d.db, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    d.add_file("answers2009-10-28c.xml")
    d.proc.send_signal(1)
    answered = probe_until_locked(d)
    locked_at = time.monotonic()
    # The loop waited BUSY_TIMEOUT for the lock before it logged; answers
    # from well inside that wait show the web face did not wait with it.
    during = [a for a in answered
              if locked_at - BUSY_TIMEOUT + 1 <= a[0] <= locked_at - 1]
    check("while the ingest waits for the lock, the web face answers",
          len(during) >= 3 and all(a[1] == [200, 200, 200, 404] for a in during))
    slowest = max(a[2] for a in answered) if answered else 0
    print(f"probes during the lock: {len(answered)}, slowest {slowest * 1000:.0f} ms")
    check("the daemon is still up", d.proc.poll() is None)
    d.poll_now(3)
    holder.execute("ROLLBACK")
    holder.close()
    d.poll_now(4)
    wait_for("the file is ingested once the lock is gone",
             lambda: "answers2009-10-28c.xml: ingested" in d.log())
    con = sqlite3.connect(f"file:{d.db}?mode=ro", uri=True)
    try:
        check("the database is sound",
              con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        check("the file is stored once",
              con.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 1)
        check("with all its items",
              con.execute("SELECT COUNT(*) FROM items").fetchone()[0] > 800)
    finally:
        con.close()


def main(pw, data):
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(pw, data, work)
        try:
            scenario(d)
            check("SIGTERM: exit 0", d.stop() == 0)
        finally:
            d.stop()
            if failures:
                print(d.log())
    print(f"locked database: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
