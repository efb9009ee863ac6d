#!/usr/bin/env python3
"""The daemon and a locked database, with the real binary: while another
process holds SQLite's write lock, a poll fails the new file after the
busy timeout, logs it once, keeps serving and stays up; once the lock is
gone the next poll ingests the file, whole and once.

Usage: db_lock_test.py PARLWATCH DATA_DIR
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_lib import Daemon, check, failures, wait_for  # noqa: E402


def scenario(d):
    d.start()
    d.poll_now(2)
    holder = sqlite3.connect(d.db, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    d.add_file("answers2009-10-28c.xml")
    d.poll_now(3)
    check("the locked database is reported", "database is locked" in d.log())
    check("the daemon is still up", d.proc.poll() is None)
    check("and serving again once the poll gave up",
          wait_for("/healthz", lambda: d.call("GET", "/healthz")[0] == 200))
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
