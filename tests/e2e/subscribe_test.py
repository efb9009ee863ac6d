#!/usr/bin/env python3
"""The whole story of a subscriber, with the real binary: sign up for
debates like the seed debate (People Trafficking, 2007-11-26), confirm by
the link in the captured email, ingest the fixture week, receive the
alert, unsubscribe with one click (RFC 8058 POST to the List-Unsubscribe
link) from that alert, ingest again, receive nothing, while a subscriber
who stayed gets the new alert.

Usage: subscribe_test.py PARLWATCH DATA_DIR
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_lib import Daemon, check, failures, link, text_of, wait_for  # noqa: E402

WEEK = ["debates2009-10-27d.xml", "westminster2009-10-29a.xml", "answers2009-10-28c.xml",
        "ministerial2009-10-26c.xml", "daylord2009-10-29a.xml"]


def story(d):
    d.add_file("debates2007-11-26a.xml")
    d.start()
    d.poll_now(2)
    # The daemon reads the archive's word frequencies on a worker after a
    # poll that fetched files; "like this" waits for that read.
    wait_for("the word frequencies read after the poll",
             lambda: re.search(r"word frequencies read from [1-9]", d.log()))
    status, body = d.json_call("POST", "/api/subscriptions",
                               {"email": "reader@example.org", "like": "2007-11-26a.1.4"})
    check(f"sign-up for debates like the seed debate is accepted (got {status})", status == 202)
    query = body.get("subscription", {}).get("query", "")
    check(f"the rule is built from the debate: {query}", "People Trafficking" in query)

    confirm_mail = wait_for("the confirmation email", lambda: d.mails("reader@example.org"))
    if not confirm_mail:
        return
    confirm = link(text_of(confirm_mail[0]), d.base, "c")
    check("the confirmation email has a /c/ link", confirm is not None)
    status, page, _ = d.call("GET", confirm or "/c/none")
    check(f"opening the confirmation link asks (got {status})",
          status == 200 and "Start these alerts" in page)
    status, page, _ = d.call("POST", confirm or "/c/none", "",
                             {"Content-Type": "application/x-www-form-urlencoded"})
    check(f"its button confirms (got {status})", status == 200 and "is on" in page)
    status, _ = d.json_call("POST", "/api/admin/subscriptions",
                            {"email": "stayer@example.org", "query": "trafficking"}, admin=True)
    check(f"a second subscriber added by the admin API (got {status})", status == 201)

    for name in WEEK:
        d.add_file(name)
    d.poll_now(3)
    wanted = "Commons written answers"
    alerts = wait_for("the alert on the written answers",
                      lambda: [m for m in d.mails("reader@example.org") if wanted in m["Subject"]])
    if not alerts:
        return
    alert = alerts[0]
    text = text_of(alert)
    check("it is about the 2009 written answers on trafficking", "trafficking" in text.lower())
    unsubscribe = alert["List-Unsubscribe"] or ""
    check("it offers one-click unsubscribe",
          alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
    target = link(unsubscribe, d.base, "u")
    check(f"with an http link to this daemon: {unsubscribe}", target is not None)
    status, page, _ = d.call("POST", target or "/u/none", "List-Unsubscribe=One-Click",
                             {"Content-Type": "application/x-www-form-urlencoded"})
    check(f"one POST unsubscribes (got {status})", status == 200 and "no more alerts" in page)
    _, listed = d.json_call("GET", "/api/admin/subscriptions?email=reader%40example.org", None,
                            admin=True)
    check("the subscription is gone", listed.get("subscriptions") == [])

    reader_before = len(d.mails("reader@example.org"))
    stayer_before = len(d.mails("stayer@example.org"))
    with open(os.path.join(d.data, "answers2009-10-28c.xml"), "rb") as f:
        later = f.read().replace(b"2009-10-28", b"2009-11-02")
    d.add_file("answers2009-11-02a.xml", later)
    d.poll_now(4)
    wait_for("the subscriber who stayed gets the new alert",
             lambda: len(d.mails("stayer@example.org")) > stayer_before)
    got = [m["Subject"] for m in d.mails("reader@example.org")]
    check(f"the one who unsubscribed gets nothing more: {got}", len(got) == reader_before)


def main(pw, data):
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(pw, data, work)
        try:
            story(d)
            check("SIGTERM: exit 0", d.stop() == 0)
        finally:
            d.stop()
            if failures:
                print(d.log())
    print(f"subscription story: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
