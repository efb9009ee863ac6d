#!/usr/bin/env python3
"""Browser test of the web face: Debian's chromium, headless, driven over
the DevTools protocol. It follows a confirmation link from a captured
email, presses its button, then opens the manage page, clicks "Unsubscribe" and checks in the
database that the subscription is gone. No JavaScript is needed by the
pages; the test only uses it to read the page and press the button.

Usage: browser_test.py PARLWATCH DATA_DIR
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # python3-websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_lib import Daemon, check, failures, link, text_of, wait_for  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


class Browser:
    """One headless chromium page, spoken to over the DevTools protocol."""

    def __init__(self, work):
        self.profile = os.path.join(work, "chromium")
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-proxy-server", "--remote-allow-origins=*",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        wait_for("chromium's DevTools port", lambda: os.path.exists(port_file), timeout=30)
        with open(port_file) as f:
            port = int(f.read().split()[0])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        pages = []
        for _ in range(50):
            with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                pages = [t for t in json.load(r) if t["type"] == "page"]
            if pages:
                break
            time.sleep(0.1)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=20)
        self.next_id = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                return msg.get("result", {})

    def wait_event(self, name, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == name:
                return True
        return False

    def open(self, url):
        self.send("Page.navigate", url=url)
        return self.wait_event("Page.loadEventFired")

    def run(self, script):
        result = self.send("Runtime.evaluate", expression=script, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def rows(db, sql):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def scenario(d, b):
    d.add_file("debates2007-11-26a.xml")
    d.start()
    d.poll_now(2)
    status, body = d.json_call("POST", "/api/subscriptions",
                               {"email": "clicker@example.org", "query": "trafficking"})
    check(f"sign-up accepted (got {status})", status == 202)
    sub_id = body.get("subscription", {}).get("id", 0)
    mail = wait_for("the confirmation email", lambda: d.mails("clicker@example.org"))
    if not mail:
        return
    text = text_of(mail[0])
    confirm, manage = link(text, d.base, "c"), link(text, d.base, "m")
    check("the email has confirm and manage links", confirm and manage)

    check("the confirmation page loads", b.open(d.base + (confirm or "/c/x")))
    check("opening it confirms nothing",
          rows(d.db, f"SELECT confirmed_at IS NULL FROM rules WHERE id = {sub_id}") == [(1,)])
    pressed = b.run("(() => { const b = document.querySelector('#confirm');"
                    " if (!b) return false; b.click(); return true; })()")
    check("there is a button to confirm", pressed is True)
    check("the page reloads after the form is posted", b.wait_event("Page.loadEventFired"))
    check("the browser shows the alert is on", "is on" in (b.run("document.body.innerText") or ""))
    check("and the database has it confirmed",
          rows(d.db, f"SELECT confirmed_at IS NOT NULL FROM rules WHERE id = {sub_id}") == [(1,)])

    check("the manage page loads", b.open(d.base + (manage or "/m/x")))
    listed = b.run("document.body.innerText") or ""
    check(f"it lists the alert: {listed!r}", "trafficking" in listed and "active" in listed)
    clicked = b.run(f"(() => {{ const b = document.querySelector("
                    f"'#sub-{sub_id} button[value=\"unsubscribe-{sub_id}\"]');"
                    f" if (!b) return false; b.click(); return true; }})()")
    check("there is an Unsubscribe button to click", clicked is True)
    check("the page reloads after the form is posted", b.wait_event("Page.loadEventFired"))
    check("the page says nothing is left",
          "There are no alerts" in (b.run("document.body.innerText") or ""))
    check("the subscription is gone from the database",
          rows(d.db, f"SELECT COUNT(*) FROM rules WHERE id = {sub_id}") == [(0,)])


def main(pw, data):
    if not os.path.exists(CHROMIUM):
        print(f"FAIL: {CHROMIUM} is missing: run scripts/setup (it installs chromium)")
        return 1
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(pw, data, work)
        b = None
        try:
            b = Browser(work)
            scenario(d, b)
        finally:
            if b:
                b.close()
            d.stop()
            if failures:
                print(d.log())
            shutil.rmtree(os.path.join(work, "chromium"), ignore_errors=True)
    print(f"browser test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
