#!/usr/bin/env python3
"""Checks alert emails with an independent MIME parser (Python's email
package) and prints each one's decoded plain-text part.

Usage: mime_check.py FILE.eml...
Exits 1, naming the file and the problem, if a message lacks a header an
alert must have, is not multipart/alternative with a text/plain and a
text/html part in quoted-printable UTF-8, or has a bare LF, a body line
over 78 characters or a header line over 998.
"""
import email
import email.policy
import sys

REQUIRED = ["From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted",
            "List-Unsubscribe", "MIME-Version"]


def check(path):
    raw = open(path, "rb").read()
    problems = []
    in_body = False
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        in_body = in_body or line == b""
        if b"\n" in line:
            problems.append(f"line {number}: bare LF")
        # RFC 5322 2.1.1: 998 at most; 78 where the text can be broken.
        if len(line) > (78 if in_body else 998):
            problems.append(f"line {number}: {len(line)} characters")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for name in REQUIRED:
        if msg[name] is None:
            problems.append(f"no {name} header")
    if msg["Auto-Submitted"] != "auto-generated":
        problems.append("Auto-Submitted is not auto-generated")
    if msg.get_content_type() != "multipart/alternative":
        problems.append(f"content type {msg.get_content_type()}")
        return problems, ""
    parts = {p.get_content_type(): p for p in msg.iter_parts()}
    for kind in ("text/plain", "text/html"):
        part = parts.get(kind)
        if part is None:
            problems.append(f"no {kind} part")
            continue
        if part["Content-Transfer-Encoding"] != "quoted-printable":
            problems.append(f"{kind} is not quoted-printable")
        if part.get_content_charset() != "utf-8":
            problems.append(f"{kind} is not utf-8")
    text = parts["text/plain"].get_content() if "text/plain" in parts else ""
    return problems, text


def main(paths):
    ok = True
    for path in paths:
        problems, text = check(path)
        for p in problems:
            print(f"{path}: {p}", file=sys.stderr)
            ok = False
        sys.stdout.write(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
