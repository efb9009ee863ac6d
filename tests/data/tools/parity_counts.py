#!/usr/bin/env python3
"""Counts, independently of parlwatch's parser and matcher, the items of
real fixtures that TheyWorkForYou's reading of some queries selects.

Reads the XML with Python's ElementTree and people.xml for person ids, and
writes one line per (file, query): the number of items (speech, ques,
reply, headings, division; not the old text a gidredirect names) the query
selects as TheyWorkForYou defines it:

- department:X  items under a major heading whose letters a-z, lower-cased,
                are X (TheyWorkForYou's G term), the heading included
- speaker:A speaker:B   items spoken by either person (Xapian ORs filters
                that share a prefix)
- "a" XOR "b"   items whose own text has exactly one of the two words
- section:wms   every item of a written statements file, of either House
- section:ni, section:scotland, section:uk, section:pbc, major:6   every
                item of a file of those chambers (majors 5; 7 and 8; 1-4, 6
                and 101; 6), none of others
- A..B, date:D, from:/to:   every item of a file whose sitting date (from
                its name) is in the span
- party:P       items whose speaker's membership in force on the sitting's
                date (all-members.xml, peers-ucl.xml affiliations,
                sp-members.xml, ni-members.xml) has party P; a speaker
                named only by person (today's format) takes the term of any
                of their offices, and an open-ended term (9999-12-31) holds
                only until 183 days after its file's newest date
- speaker:N     items spoken by person N

The output is checked in as parity-counts.txt; tests/rules/
query_parity_fixture_test.cpp checks parlwatch against it.

Usage: tools/parity_counts.py DATA_DIR
"""
import re
import sys
import xml.etree.ElementTree as ET

ITEM_TAGS = {"speech", "ques", "reply", "major-heading", "minor-heading",
             "oral-heading", "division"}


def items(path):
    root = ET.parse(path).getroot()
    old = {e.get("oldgid") for e in root if e.tag == "gidredirect"}
    return [e for e in root if e.tag in ITEM_TAGS and e.get("id") not in old]


def persons(data):
    root = ET.parse(f"{data}/people.xml").getroot()
    out = {}
    for person in root:
        for office in person:
            out[office.get("id")] = person.get("id").rsplit("/", 1)[1]
    return out


MEMBER_FILES = ("all-members.xml", "peers-ucl.xml", "sp-members.xml", "ni-members.xml")


def plus_days(day, n):
    import datetime
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=n)).isoformat()


def terms(data):
    """member or lord id -> [(from, to, party)], open ends cut at the file's limit"""
    out = {}
    for name in MEMBER_FILES:
        root = ET.parse(f"{data}/{name}").getroot()
        rows = [e for e in root if e.tag in ("member", "lord", "member_sp", "member_ni")]
        full = [d for e in rows for d in (e.get("fromdate"), e.get("todate"))
                if d and len(d) == 10 and d != "9999-12-31"]
        limit = plus_days(max(full), 183)
        for e in rows:
            end = e.get("todate") or "9999-12-31"
            party = e.get("affiliation") if e.tag == "lord" else e.get("party")
            out.setdefault(e.get("id"), []).append(
                (e.get("fromdate"), limit if end == "9999-12-31" else end, party))
    return out


def offices(data):
    root = ET.parse(f"{data}/people.xml").getroot()
    return {p.get("id"): [o.get("id") for o in p] for p in root}


def party_on(e, day, by_member, by_person):
    ids = [e.get("speakerid")] if e.get("speakerid") else by_person.get(e.get("person_id"), [])
    for member in ids:
        for start, end, party in by_member.get(member, []):
            if start <= day <= end:
                return party
    return None


def text(e):
    return " ".join("".join(e.itertext()).split())


def has_word(e, word):
    return re.search(rf"(?<![A-Za-z0-9]){word}(?![A-Za-z0-9])", text(e), re.I) is not None


def department_count(path, letters):
    count, inside = 0, False
    for e in items(path):
        if e.tag == "major-heading":
            inside = re.sub("[^a-z]", "", text(e).lower()) == letters
        count += inside
    return count


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "."
    answers = f"{data}/answers2009-10-28c.xml"
    rows = []
    for dept in ("homedepartment", "health", "treasury"):
        rows.append(("answers2009-10-28c.xml", f"department:{dept}",
                     department_count(answers, dept)))
    person_of = persons(data)
    member_ids = ("uk.org.publicwhip/member/1553", "uk.org.publicwhip/member/1711")
    either = {person_of[m] for m in member_ids}
    rows.append(("answers2009-10-28c.xml",
                 " ".join(f"speaker:{p}" for p in sorted(either)),
                 sum(person_of.get(e.get("speakerid")) in either for e in items(answers))))
    for a, b in (("victims", "trafficking"), ("police", "crime")):
        rows.append(("answers2009-10-28c.xml", f'"{a}" XOR "{b}"',
                     sum(has_word(e, a) != has_word(e, b) for e in items(answers))))
    for f in ("ministerial2009-10-26c.xml", "lordswms2009-10-29a.xml"):
        rows.append((f, "section:wms", len(items(f"{data}/{f}"))))
    spans = (("statement 2009-10-26..2009-10-28", "20091026", "20091028"),
             ("statement 26/10/2009..28/10/2009", "20091026", "20091028"),
             ("statement date:20091029", "20091029", "20091029"),
             ("from:20091027 statement", "20091027", "99991231"),
             ("statement to:2009-10-28", "00000000", "20091028"))
    for f in ("ministerial2009-10-26c.xml", "lordswms2009-10-29a.xml"):
        day = re.search(r"(\d{4})-(\d\d)-(\d\d)", f).group(0).replace("-", "")
        every = items(f"{data}/{f}")
        with_word = sum(has_word(e, "statement") or has_word(e, "statements") for e in every)
        for query, first, last in spans:
            rows.append((f, query, with_word if first <= day <= last else 0))
    chambers = (("ni2009-10-13.xml", "ni"), ("sp2009-10-28.xml", "scotland"),
                ("spwa2009-10-30.xml", "scotland"))
    for f, chamber in chambers:
        every = len(items(f"{data}/{f}"))
        rows.append((f, f"section:{chamber}", every))
        rows.append((f, "section:uk", 0))
    pbc = "standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml"
    for query in ("section:pbc", "section:standing", "section:uk", "major:6"):
        rows.append((pbc, query, len(items(f"{data}/{pbc}"))))
    rows.append((pbc, "section:debates", 0))
    top = person_of["uk.org.publicwhip/member/1399"]  # the sitting's most frequent speaker
    rows.append((pbc, f"speaker:{top}", sum(
        person_of.get(e.get("speakerid")) == top for e in items(f"{data}/{pbc}"))))
    spwa = f"{data}/spwa2009-10-30.xml"
    rows.append(("spwa2009-10-30.xml", "department:scottishexecutive",
                 department_count(spwa, "scottishexecutive")))
    by_member, by_person = terms(data), offices(data)
    for f, party in (("daylord2009-10-29a.xml", "XB"), ("daylord2009-10-29a.xml", "Bp"),
                     ("sp2009-10-28.xml", "SNP"), ("ni2009-10-13.xml", "DUP"),
                     ("debates2023-03-28d.xml", "Lab"), ("debates2023-03-28d.xml", "Con")):
        day = re.search(r"(\d{4})-(\d\d)-(\d\d)", f).group(0)
        rows.append((f, f"party:{party}", sum(
            party_on(e, day, by_member, by_person) == party for e in items(f"{data}/{f}"))))
    hoyle = "uk.org.publicwhip/person/10295"
    rows.append(("debates2023-03-28d.xml", "speaker:10295", sum(
        e.get("person_id") == hoyle for e in items(f"{data}/debates2023-03-28d.xml"))))
    print("file\tquery\titems")
    for f, q, n in rows:
        print(f"{f}\t{q}\t{n}")


main()
