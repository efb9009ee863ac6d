"""Helpers for the end-to-end tests of parlwatch's web face: a daemon
started on a loopback port with a directory source, HTTP calls that never
use a proxy, and the emails it leaves in its local outbox."""
import email
import email.policy
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

failures = []
# Under valgrind (scripts/leakcheck) everything takes far longer.
SLOW = 10 if os.environ.get("PW_E2E_SLOW") else 1
ADMIN_TOKEN = "e2e-admin-token-0123456789"
SECTIONS = {"debates": "debates", "answers": "wrans", "ministerial": "wms",
            "westminster": "westminhall", "daylord": "lordspages"}


def check(what, ok):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}")
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout * SLOW
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    check(f"in time: {what}", False)
    return None


class Daemon:
    """`parlwatch run` over a mirror folder, serving on 127.0.0.1:port."""

    def __init__(self, pw, data, work):
        self.pw, self.data, self.work = pw, data, work
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.mirror = os.path.join(work, "scrapedxml")
        self.outbox = os.path.join(work, "outbox", "mail", "new")
        self.db = os.path.join(work, "pw.db")
        for section in SECTIONS.values():
            os.makedirs(os.path.join(self.mirror, section), exist_ok=True)
        token = os.path.join(work, "admin-token")
        with open(token, "w") as f:
            f.write(ADMIN_TOKEN + "\n")
        self.config = os.path.join(work, "pw.toml")
        with open(self.config, "w") as f:
            f.write(f"""[storage]
database = "{self.db}"
outbox_dir = "{work}/outbox"
[people]
files = ["{data}/people.xml", "{data}/all-members.xml"]
[schedule]
start_date = "2007-11-01"
recheck_days = 36500
[email]
from = "parlwatch <alerts@example.org>"
public_url = "{self.base}"
[server]
listen = "127.0.0.1:{self.port}"
admin_token_file = "{token}"
[[source]]
name = "mirror"
kind = "parlparse-dir"
path = "{self.mirror}"
sections = {json.dumps(sorted(SECTIONS.values()))}
""")
        self.log_path = os.path.join(work, "log")
        self.proc = None

    def add_file(self, name, content=None):
        """Copies a fixture into the mirror, or writes `content` (bytes)."""
        section = SECTIONS[re.match(r"[a-z]+", name).group(0)]
        target = os.path.join(self.mirror, section, name)
        if content is None:
            shutil.copy(os.path.join(self.data, name), target)
        else:
            with open(target, "wb") as f:
                f.write(content)

    def start(self):
        self.proc = subprocess.Popen([self.pw, "run", "--config", self.config],
                                     stderr=open(self.log_path, "w"))
        wait_for("the web face answers", lambda: self.call("GET", "/healthz")[0] == 200)

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def poll_now(self, expect_polls, timeout=60.0):
        """Asks for a poll (SIGHUP re-reads the config and polls at once);
        waits until the log shows `expect_polls` finished polls."""
        self.proc.send_signal(1)
        wait_for(f"poll {expect_polls}",
                 lambda: len(re.findall(r"source mirror: \d+ files listed", self.log()))
                 >= expect_polls, timeout)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            return self.proc.wait(timeout=20 * SLOW)
        return None

    def call(self, method, path, body=None, headers=None):
        """(status, body text, headers); never through a proxy."""
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers=headers or {})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10 * SLOW) as r:
                return r.status, r.read().decode(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), dict(e.headers)
        except OSError:
            return 0, "", {}

    def json_call(self, method, path, payload, admin=False):
        headers = {"Content-Type": "application/json"}
        if admin:
            headers["Authorization"] = "Bearer " + ADMIN_TOKEN
        status, text, _ = self.call(method, path, json.dumps(payload), headers)
        return status, (json.loads(text) if text.startswith("{") else {})

    def mails(self, to):
        """The outbox emails addressed to `to`, oldest first, parsed."""
        found = []
        for path in sorted(glob.glob(os.path.join(self.outbox, "*.eml"))):
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            if msg["To"] == to:
                found.append(msg)
        return found


def text_of(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def link(text, base, route):
    found = re.search(re.escape(base) + "/" + route + r"/[A-Za-z0-9._-]+", text)
    return found.group(0)[len(base):] if found else None
