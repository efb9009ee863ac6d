#!/usr/bin/env python3
"""A big transcript and systemd's watchdog (scripts/bench watchdog): makes a
Commons debates file of about MB megabytes from the fixture day (its
speeches repeated under new ids, within the parser's 64 MiB and 100,000
items), runs `parlwatch run --once` over it with NOTIFY_SOCKET and
WATCHDOG_USEC=10 s (pings every 5 s) pointing at a datagram socket, and
reports how long the ingest took and the longest silence between
WATCHDOG=1 messages. systemd kills the service after 10 s of silence.
Figures, not a test.

Usage: watchdog_gap.py PARLWATCH DATA_DIR [MB]
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time


def big_transcript(data, megabytes):
    with open(os.path.join(data, "debates2009-10-27d.xml"), encoding="latin-1") as f:
        text = f.read()
    open_tag = re.search(r"<publicwhip[^>]*>", text)
    head, body = text[:open_tag.end()], text[open_tag.end():].rsplit("</publicwhip>", 1)[0]
    copies = max(1, int(megabytes * 1024 * 1024 / len(body)))
    copies = min(copies, 100_000 // max(1, body.count(" id=")))
    ids = re.compile(r'(uk\.org\.publicwhip/debate/2009-10-27d\.)(\d+)\.')
    parts = [head]
    for k in range(copies):
        parts.append(ids.sub(lambda m: f"{m.group(1)}{k * 100000 + int(m.group(2))}.", body))
    parts.append("</publicwhip>\n")
    return "".join(parts), copies


def main(pw, data, megabytes=60):
    with tempfile.TemporaryDirectory() as work:
        mirror = os.path.join(work, "scrapedxml", "debates")
        os.makedirs(mirror)
        text, copies = big_transcript(data, float(megabytes))
        path = os.path.join(mirror, "debates2009-10-27d.xml")
        with open(path, "w", encoding="latin-1") as f:
            f.write(text)
        size = os.path.getsize(path)
        with open(os.path.join(work, "pw.toml"), "w") as f:
            f.write(f"""[storage]
database = "{work}/pw.db"
outbox_dir = "{work}/outbox"
[people]
files = ["{data}/people.xml", "{data}/all-members.xml"]
[schedule]
start_date = "2009-10-01"
[[source]]
name = "mirror"
kind = "parlparse-dir"
path = "{work}/scrapedxml"
sections = ["debates"]
[server]
listen = ""
""")
        subprocess.run([pw, "--db", f"{work}/pw.db", "user", "add", "reader@example.org"],
                       check=True, capture_output=True)
        for query in ("trafficking", "police", "housing", "speaker:10001", "party:Lab"):
            subprocess.run([pw, "--db", f"{work}/pw.db", "rule", "add", "--user",
                            "reader@example.org", query], check=True, capture_output=True)
        notify = os.path.join(work, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify)
        sock.settimeout(0.2)
        pings = []
        done = threading.Event()

        def listen():
            while not done.is_set():
                try:
                    if "WATCHDOG=1" in sock.recv(4096).decode().split("\n"):
                        pings.append(time.monotonic())
                except socket.timeout:
                    pass
        listener = threading.Thread(target=listen)
        listener.start()
        env = dict(os.environ, NOTIFY_SOCKET=notify, WATCHDOG_USEC="10000000")
        start = time.monotonic()
        run = subprocess.run([pw, "run", "--config", f"{work}/pw.toml", "--once"], env=env,
                             capture_output=True, text=True)
        end = time.monotonic()
        done.set()
        listener.join()
        ingested = re.search(r"ingested, (\d+) new items", run.stderr)
        marks = [start] + pings + [end]
        gap = max(b - a for a, b in zip(marks, marks[1:]))
        print(f"transcript: {size / 1048576:.1f} MiB, {copies} copies of the fixture day, "
              f"{ingested.group(1) if ingested else '?'} items ingested, exit {run.returncode}")
        print(f"run --once: {end - start:.1f} s, {len(pings)} WATCHDOG=1 pings, "
              f"longest silence {gap:.1f} s (systemd would kill after 10 s)")
        print(f"watchdog_transcript_mib: {size / 1048576:.1f}")
        print(f"watchdog_run_seconds: {end - start:.1f}")
        print(f"watchdog_longest_silence_seconds: {gap:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *sys.argv[3:])
