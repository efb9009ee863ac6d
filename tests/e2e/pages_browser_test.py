#!/usr/bin/env python3
"""Browser test of the public pages: Debian's chromium, headless, driven over
the DevTools protocol, with JavaScript off and on, at 1280 and 390 px.

The whole story: home page -> the alert page of a "debates like this" link
(a TheyWorkForYou URL of the seed debate) -> its preview shows the
human-trafficking written answers -> sign up -> the confirmation email in
the outbox -> its button -> the manage page -> unsubscribe. Forms are
filled and buttons pressed with the DevTools DOM and Input domains (mouse
events at the button), so nothing needs the page's JavaScript. On every
page: no horizontal overflow at 390 px (and 320 px), axe-core (vendored in
tests/e2e/vendor) with no serious or critical violation, and a screenshot
in OUT_DIR.

Usage: pages_browser_test.py PARLWATCH DATA_DIR OUT_DIR
"""
import base64
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import CHROMIUM, Browser, rows  # noqa: E402
from web_lib import Daemon, check, failures, link, text_of, wait_for  # noqa: E402

AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor", "axe-core", "axe.min.js")
SEED = "https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4"


class Pages(Browser):
    """A Browser that keeps the events it reads past, and acts through the
    DOM and Input domains only."""

    def __init__(self, work):
        self.events = []
        super().__init__(work)
        self.send("Page.setBypassCSP", enabled=True)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg["method"])

    def wait_event(self, name, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if name in self.events:
                self.events.remove(name)
                return True
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # noqa: BLE001 (a timeout: check the deadline)
                continue
            finally:
                self.ws.settimeout(20)
            if "method" in msg:
                self.events.append(msg["method"])
        return False

    def open(self, url):
        self.events.clear()
        self.send("Page.navigate", url=url)
        return self.wait_event("Page.loadEventFired")

    def setup(self, width, javascript):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Emulation.setScriptExecutionDisabled", value=not javascript)

    def node(self, selector):
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        found = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        return found or None

    def html(self):
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        return self.send("DOM.getOuterHTML", nodeId=root)["outerHTML"]

    def type_into(self, selector, text):
        node = self.node(selector)
        if not node:
            return False
        self.send("DOM.focus", nodeId=node)
        self.send("Input.insertText", text=text)
        return True

    def press(self, selector):
        """Clicks the element with the mouse and waits for the page it loads."""
        node = self.node(selector)
        if not node:
            return False
        self.send("DOM.scrollIntoViewIfNeeded", nodeId=node)
        quad = self.send("DOM.getContentQuads", nodeId=node)["quads"][0]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        self.events.clear()
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1)
        return self.wait_event("Page.loadEventFired")

    def overflow(self):
        """Page width beyond the viewport, in CSS px (0 when none)."""
        metrics = self.send("Page.getLayoutMetrics")
        content = metrics["cssContentSize"]["width"]
        viewport = metrics["cssLayoutViewport"]["clientWidth"]
        return max(0, content - viewport)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))

    def axe(self):
        """Serious and critical axe-core violations: [(rule, impact, nodes)]."""
        self.send("Emulation.setScriptExecutionDisabled", value=False)
        with open(AXE, encoding="utf-8") as f:
            self.send("Runtime.evaluate", expression=f.read())
        result = self.send(
            "Runtime.evaluate", awaitPromise=True, returnByValue=True,
            expression="axe.run(document, {resultTypes: ['violations']}).then(r =>"
                       " r.violations.map(v => [v.id, v.impact, v.nodes.length]))")
        found = result.get("result", {}).get("value")
        if found is None:
            return [("axe did not run", "critical", 0)]
        return [v for v in found if v[1] in ("serious", "critical")]


def trafficking_answers(data):
    """Independent reading of the fixture: the gids of the 2009-10-28
    written answers under a heading about human trafficking."""
    root = ET.parse(os.path.join(data, "answers2009-10-28c.xml")).getroot()
    out, under = [], False
    for el in root:
        if el.tag in ("major-heading", "minor-heading"):
            under = "trafficking" in "".join(el.itertext()).lower()
        if under and "id" in el.attrib:
            out.append(el.attrib["id"].rsplit("/", 1)[1])
    return out


class Story:
    def __init__(self, d, b, out, data):
        self.d, self.b, self.out = d, b, out
        self.expected = trafficking_answers(data)
        self.pages = 0

    def look(self, name, width, javascript):
        """Checks the page as it is: overflow at phone widths, axe, a screenshot."""
        tag = f"{name}-{width}px-js-{'on' if javascript else 'off'}"
        self.b.screenshot(os.path.join(self.out, tag + ".png"))
        if width < 600:
            check(f"{tag}: no sideways scrolling (overflow {self.b.overflow()} px)",
                  self.b.overflow() == 0)
            self.b.setup(320, javascript)
            check(f"{tag}: none at 320 px either ({self.b.overflow()} px)", self.b.overflow() == 0)
            self.b.screenshot(os.path.join(self.out, tag.replace(f"{width}px", "320px") + ".png"))
            self.b.setup(width, javascript)
        if javascript:
            bad = self.b.axe()
            check(f"{tag}: axe-core finds nothing serious or critical: {bad}", not bad)
        self.pages += 1

    def run(self, width, javascript):
        b, d = self.b, self.d
        email = f"reader-{width}-{'js' if javascript else 'nojs'}@example.org"
        b.setup(width, javascript)
        check("the home page loads", b.open(d.base + "/"))
        page = b.html()
        check("the home page says what is watched", "Commons written answers" in page)
        self.look("home", width, javascript)

        like = d.base + "/alert?like=" + urllib.parse.quote(SEED, safe="")
        check("a like link opens the alert page", b.open(like))
        page = b.html()
        check("it names the debate", "Debates like: <b>People Trafficking</b>" in page)
        shown = [g for g in self.expected if g in page]
        check(f"the preview shows the trafficking answers {self.expected[:3]}: {shown}",
              len(shown) >= min(3, len(self.expected)))
        self.look("alert", width, javascript)

        check("the address can be typed", b.type_into("#email", email))
        check("Sign up can be pressed", b.press("#signup"))
        page = b.html()
        check(f"the browser says to check the email: {page[-400:]!r}", "Check your email" in page)
        self.look("check-email", width, javascript)
        sub = rows(d.db, f"SELECT r.id FROM rules r JOIN users u ON u.id = r.user_id"
                         f" WHERE u.email = '{email}' AND r.confirmed_at IS NULL")
        check(f"one unconfirmed alert for {email}: {sub}", len(sub) == 1)
        mail = wait_for("the confirmation email", lambda: d.mails(email))
        if not mail or len(sub) != 1:
            return
        text = text_of(mail[0])
        confirm, manage = link(text, d.base, "c"), link(text, d.base, "m")
        check("the confirmation page loads", b.open(d.base + (confirm or "/c/x")))
        self.look("confirm", width, javascript)
        check("its button can be pressed", b.press("#confirm"))
        check("the alert is on", "is on" in b.html())
        check("and confirmed in the database",
              rows(d.db, f"SELECT confirmed_at IS NOT NULL FROM rules WHERE id = {sub[0][0]}")
              == [(1,)])
        check("the manage page loads", b.open(d.base + (manage or "/m/x")))
        self.look("manage", width, javascript)
        check("Unsubscribe can be pressed",
              b.press(f"#sub-{sub[0][0]} button[value=\"unsubscribe-{sub[0][0]}\"]"))
        check("the page says nothing is left", "There are no alerts" in b.html())
        check("the alert is gone from the database",
              rows(d.db, f"SELECT COUNT(*) FROM rules WHERE id = {sub[0][0]}") == [(0,)])


def main(pw, data, out):
    if not os.path.exists(CHROMIUM):
        print(f"FAIL: {CHROMIUM} is missing: run scripts/setup (it installs chromium)")
        return 1
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(pw, data, work)
        b = None
        try:
            d.add_file("debates2007-11-26a.xml")
            d.add_file("answers2009-10-28c.xml")
            d.start()
            d.poll_now(2)
            b = Pages(work)
            story = Story(d, b, out, data)
            check("the fixture has trafficking answers", len(story.expected) >= 3)
            for width in (1280, 390):
                for javascript in (False, True):
                    story.run(width, javascript)
            b.setup(390, True)
            check("a member's name opens the alert page", b.open(d.base + "/alert?speaker=smith"))
            page = b.html()
            check("the daemon's members data says who each Smith is",
                  "Which member?" in page and "Lab, " in page)
            story.look("members", 390, True)
            print(f"{story.pages} pages checked; screenshots in {out}")
        finally:
            if b:
                b.close()
            d.stop()
            if failures:
                print(d.log())
            shutil.rmtree(os.path.join(work, "chromium"), ignore_errors=True)
    print(f"pages browser test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
