#!/usr/bin/env python3
"""Builds tests/data/debates2007-11-26a.xml from the seed page.

The output is a hand-built transcript in the current ParlParse generation
(UTF-8, no prolog, person_id attributes, scraperversion), carrying the text
of the People Trafficking oral questions of 26 November 2007 as rendered by
TheyWorkForYou. It is NOT parlparse output: gids, columns and Hansard URLs
are made up in the shape parlparse uses. Speaker member and person ids are
the real ones, taken from all-members.xml and people.xml.

Usage: build_seed_fixture.py SEED_TXT > debates2007-11-26a.xml
"""
import html
import sys

SPEAKERS = {
    "Phyllis Starkey": ("1716", "10564", None),
    "Vernon Coaker": ("1593", "10121",
                      "The Parliamentary Under-Secretary of State for the Home Department"),
    "Anthony Steen": ("1881", "10565", None),
    "Denis MacShane": ("1790", "10401", None),
    "Evan Harris": ("1756", "10261", None),
    "Kelvin Hopkins": ("1697", "10288", None),
    "Damian Green": ("1379", "10241", None),
}
GID = "uk.org.publicwhip/debate/2007-11-26a.{col}.{n}"
URL = "https://www.theyworkforyou.com/debates/?id=2007-11-26a.{col}.{n}"


def speeches(lines):
    """Yields (speaker, [paragraphs]); skips the reader's annotation."""
    speaker, paras, skipping = None, [], False
    for line in lines:
        line = line.strip()
        if line.startswith("Photo of "):
            if speaker:
                yield speaker, paras
            speaker = next(n for n in SPEAKERS if line.startswith("Photo of " + n))
            paras, skipping = [], False
        elif line.startswith("I would like those concerned"):
            skipping = True  # a reader's annotation, not part of the debate
        elif line.startswith("Submitted by"):
            skipping = True
        elif line and speaker and not skipping:
            paras.append(line)
    if speaker:
        yield speaker, paras


def element(name, n, col, attrs, body):
    a = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs)
    gid = GID.format(col=col, n=n)
    url = URL.format(col=col, n=n)
    return (f'<{name} id="{gid}" {a} colnum="{col}" time="14:30:00" url="{url}">\n'
            f"{body}\n</{name}>\n")


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
    out = ['<publicwhip scraperversion="a" latest="yes">\n']
    col, n = 1, 0
    for kind, title in (("oral-heading", "Oral Answers to Questions"),
                        ("major-heading", "Home Department"),
                        ("minor-heading", "People Trafficking")):
        out.append(element(kind, n, col, [("nospeaker", "true")], title))
        n += 1
    for speaker, paras in speeches(lines[5:]):
        member, person, office = SPEAKERS[speaker]
        attrs = [("speakerid", f"uk.org.publicwhip/member/{member}"),
                 ("person_id", f"uk.org.publicwhip/person/{person}"),
                 ("speakername", speaker)]
        if office:
            attrs.append(("speakeroffice", office))
        body = "\n".join(
            f'<p pid="a.{col}.{n}/{i + 1}">{html.escape(p, quote=False)}</p>'
            for i, p in enumerate(paras))
        out.append(element("speech", n, col, attrs, body))
        n += 1
        if n % 6 == 0:
            col += 1
    out.append("</publicwhip>\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
