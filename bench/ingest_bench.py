#!/usr/bin/env python3
"""The user's whole job with many rules (scripts/bench ingest): for each
rule population (realistic, stress; bench/rule_generator) and size (10k,
100k, 1M rules), on a fresh database, with the real binary:
  import   `parlwatch rule import` of the generated file
  day      `parlwatch ingest` of the largest fixture day (alerts rendered
           and queued in the outbox, not delivered), with the daemon's
           configuration (--config), so emails carry their signed links
  again    the same file again: nothing new, so mostly loading the rules
  week     the other four files of the fixture week
  daemon   `parlwatch run` over the result (alerts marked sent), idle:
           its RSS 10 s after it answers /healthz, and its peak
with wall and CPU seconds and peak RSS of each step, the match rows, the
alerts queued and their bytes (as sent, and as stored: pieces shared by
many messages are stored once), and the database's size. Figures, not a
test; `name: value` lines come last.

Usage: ingest_bench.py PARLWATCH RULE_FILE DATA_DIR [MAX_RULES] [POPULATIONS]
(POPULATIONS: realistic,stress by default.)
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

from daemon_bench import config, idle_rss

DAY = "answers2009-10-28c.xml"
REST = ["debates2009-10-27d.xml", "westminster2009-10-29a.xml",
        "ministerial2009-10-26c.xml", "daylord2009-10-29a.xml"]
SIZES = [10_000, 100_000, 1_000_000]


def measured(argv):
    """(wall s, cpu s, peak RSS MiB) of one command, which must succeed."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[:6])}...: exit {status}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def message_bytes(con):
    """(bytes of the alerts as sent, bytes stored for them): a message is
    its own bytes with the shared pieces it names put back (doc/schema.md)."""
    piece = dict(con.execute("SELECT id, LENGTH(bytes) FROM outbox_pieces"))
    whole = 0
    for own, refs in con.execute("SELECT LENGTH(body), pieces FROM outbox"):
        whole += own + sum(piece[int(r.split(":")[1])] for r in refs.split())
    own = con.execute("SELECT SUM(LENGTH(body)) FROM outbox").fetchone()[0] or 0
    return whole, own + sum(piece.values())


def stored(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0] or 0  # noqa: E731
        whole, kept = message_bytes(con)
        return {"matches": one("SELECT COUNT(*) FROM matches"),
                "alerts": one("SELECT COUNT(*) FROM outbox"),
                "alert_bytes": whole, "alert_stored_bytes": kept,
                "rules_fired": one("SELECT COUNT(DISTINCT rule_id) FROM matches")}
    finally:
        con.close()


def one_run(pw, rule_file, data, population, n, work):
    rules = os.path.join(work, "rules.tsv")
    with open(rules, "wb") as f:
        subprocess.run([rule_file, data, population, str(n)], stdout=f, check=True)
    db = os.path.join(work, "pw.db")
    # The daemon's configuration: its public_url puts the manage, unsubscribe
    # and stop links (each a signed token) in every email, as in production.
    ingest = [pw, "ingest", "--no-deliver", "--config", config(work, data, db)]
    steps = {"import": measured([pw, "--db", db, "rule", "import", rules])}
    steps["day"] = measured(ingest + [os.path.join(data, DAY)])
    after_day = stored(db)
    steps["again"] = measured(ingest + [os.path.join(data, DAY)])
    steps["week"] = measured(ingest + [os.path.join(data, f) for f in REST])
    after_week = stored(db)
    con = sqlite3.connect(db)
    with con:  # the daemon is measured idle, not delivering
        con.execute("UPDATE outbox SET state = 'sent', sent_at = 1")
    con.close()
    idle = idle_rss(pw, data, work, db)
    size = sum(os.path.getsize(os.path.join(work, f)) for f in os.listdir(work)
               if f.startswith("pw.db"))
    for f in os.listdir(work):
        if f.startswith("pw.db") or f == "rules.tsv":
            os.remove(os.path.join(work, f))
    return steps, after_day, after_week, size, idle


# Without MAX_RULES: 1M realistic rules, but stress only up to 100k (1M
# stress rules take several minutes a step).
DEFAULT_MAX = {"realistic": 1_000_000, "stress": 100_000}


def main(pw, rule_file, data, max_rules=None, populations="realistic,stress"):
    lines = []
    for population in populations.split(","):
        limit = int(max_rules) if max_rules else DEFAULT_MAX.get(population, 100_000)
        for n in [s for s in SIZES if s <= limit]:
            with tempfile.TemporaryDirectory() as work:
                steps, day, week, size, idle = one_run(pw, rule_file, data, population, n, work)
            key = f"{population}_{n // 1000}k"
            print(f"{population} {n:>9,} rules: database {size / 2**20:,.0f} MiB")
            idle, idle_peak, _ = idle
            for step, (wall, cpu, rss) in steps.items():
                print(f"  {step:<7} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak rss {rss:6.0f} MiB")
                lines += [f"{key}_{step}_wall_s: {wall:.2f}", f"{key}_{step}_cpu_s: {cpu:.2f}",
                          f"{key}_{step}_rss_mib: {rss:.0f}"]
            print(f"  daemon idle with these rules: rss {idle:.0f} MiB, peak {idle_peak:.0f} MiB")
            lines += [f"{key}_daemon_idle_rss_mib: {idle:.0f}",
                      f"{key}_daemon_peak_rss_mib: {idle_peak:.0f}"]
            print(f"  day:  {day['matches']:,} matches of {day['rules_fired']:,} rules, "
                  f"{day['alerts']:,} alerts, {day['alert_bytes'] / 2**20:,.1f} MiB "
                  f"({day['alert_stored_bytes'] / 2**20:,.1f} MiB stored)")
            print(f"  week: {week['matches']:,} matches of {week['rules_fired']:,} rules, "
                  f"{week['alerts']:,} alerts, {week['alert_bytes'] / 2**20:,.1f} MiB")
            lines += [f"{key}_day_matches: {day['matches']}",
                      f"{key}_day_rules_fired: {day['rules_fired']}",
                      f"{key}_day_alerts: {day['alerts']}",
                      f"{key}_day_alert_bytes: {day['alert_bytes']}",
                      f"{key}_day_alert_stored_bytes: {day['alert_stored_bytes']}",
                      f"{key}_week_matches: {week['matches']}",
                      f"{key}_week_rules_fired: {week['rules_fired']}",
                      f"{key}_week_alerts: {week['alerts']}",
                      f"{key}_database_bytes: {size}"]
            sys.stdout.flush()
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:])
