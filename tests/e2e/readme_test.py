#!/usr/bin/env python3
"""Runs the README's and doc/'s commands as written, so they cannot drift.

"Using it": every line of every ```sh block of that section runs in a
folder holding the files it names (copied from tests/data); each must exit
0. A block of `$ command` lines followed by output runs the command and
compares the output with the block. The web face's block runs against the
daemon started below.

"Running as a service": the block's steps run against a temporary root
instead of /, without systemd: the install goes to ROOT/usr/local, paths
under /etc/parlwatch, /usr/local and /var/lib/parlwatch are taken under
ROOT, `sudoedit` becomes the edits an operator makes (a contact in the user
agent, the loopback fake of TheyWorkForYou as the source and members URL,
a free port), `systemctl enable --now` runs the installed unit's ExecStart
(with %E = ROOT/etc), `systemctl reload` sends SIGHUP, `systemctl status`
runs `parlwatch status`. Nothing leaves loopback.

Usage: readme_test.py PARLWATCH FAKE_SERVER DATA_DIR BUILD_DIR SOURCE_DIR
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

from web_lib import check, failures, free_port, wait_for  # noqa: E402

# Where the README points admin_token_file: systemd's credential, which the
# unit's LoadCredential= provides at start (the test plays that part).
CREDENTIAL = "/run/credentials/parlwatch.service/admin-token"
USING_FILES = ["people.xml", "all-members.xml", "debates2009-10-27d.xml",
               "debates2007-11-26a.xml"]
WMS = ["ministerial2009-10-26b.xml", "ministerial2009-10-26c.xml"]


def http_get(port, path):
    """(status, body) of a GET on loopback, never through a proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ""


def people_loaded(pw, config, work, env):
    r = run(f"{pw} status --config {config}", work, env)
    return re.search(r"^people data: [1-9][0-9]* persons", r.stdout, re.M) is not None


def section(readme, title):
    """The text of the '## title' section, up to the next '## ' heading."""
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end >= 0 else len(readme)]


def blocks(text):
    return re.findall(r"```sh\n(.*?)```", text, re.S) + \
        [b for b in re.findall(r"```\n(.*?)```", text, re.S) if b.startswith("$ ")]


def command_lines(block):
    """A block's commands, continuation lines joined."""
    out, current = [], ""
    for line in block.splitlines():
        current += line[:-1] + " " if line.endswith("\\") else line
        if not line.endswith("\\"):
            if current.strip():
                out.append(current)
            current = ""
    return out


RAN = []  # every command run, for the closing count


def run(command, cwd, env, stdin=""):
    RAN.append(command)
    return subprocess.run(["sh", "-c", command], cwd=cwd, env=env, input=stdin, text=True,
                          capture_output=True, timeout=120)


def transcript(block, cwd, env):
    """Runs `$ command` and compares what it prints with the block."""
    lines = block.splitlines()
    command = lines[0][2:]
    r = run(command, cwd, env)
    shown = "\n".join(lines[1:]).strip()
    check(f"README transcript '{command}' prints what the README shows:\n{r.stderr}{r.stdout}",
          (r.stderr + r.stdout).strip() == shown)


def using_it(readme, data, work, env):
    folder = os.path.join(work, "using")
    os.makedirs(os.path.join(folder, "scrapedxml", "wms"))
    for name in USING_FILES:
        shutil.copy(os.path.join(data, name), folder)
    for name in WMS:
        shutil.copy(os.path.join(data, name), os.path.join(folder, "scrapedxml", "wms"))
    web = []
    for block in blocks(section(readme, "Using it")):
        if block.startswith("$ "):
            transcript(block, folder, env)
            continue
        for command in command_lines(block):
            if command.startswith("curl"):
                web.append(command)
                continue
            r = run(command, folder, env)
            check(f"README command exits 0: {command}\n{r.stderr[-2000:]}", r.returncode == 0)
    check("the database the README's commands made is its owner's only",
          oct(os.stat(os.path.join(folder, "var", "parlwatch.db")).st_mode & 0o777) == "0o600")
    return web


def doc_commands(source, data, work, env):
    """Every parlwatch command in doc/*.md's blocks, run as written (and
    its `$ command` transcripts compared with their output): rules
    on the README's database (with the user the doc assumes), the daemon's
    commands on a configuration over a local mirror named as the doc names
    it. `run` without --once is stopped after it started."""
    folder = os.path.join(work, "using")
    run("parlwatch user add you@example.org", folder, env)
    mirror = os.path.join(work, "mirror", "debates")
    os.makedirs(mirror)
    shutil.copy(os.path.join(data, "debates2007-11-26a.xml"), mirror)
    config = (f'[storage]\ndatabase = "{work}/doc.db"\noutbox_dir = "{work}/doc-outbox"\n'
              f'[server]\nlisten = ""\n[schedule]\nstart_date = "2020-01-01"\n'
              f'[[source]]\nname = "mirror"\nkind = "parlparse-dir"\npath = "{work}/mirror"\n'
              'sections = ["debates"]\n')
    with open(os.path.join(folder, "parlwatch.toml"), "w") as f:
        f.write(config)
    for name in sorted(os.listdir(os.path.join(source, "doc"))):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(source, "doc", name)) as f:
            text = f.read()
        for block in blocks(text):
            if block.startswith("$ "):
                transcript(block, folder, env)
                continue
            for command in command_lines(block):
                if not command.startswith("parlwatch "):
                    continue  # the web face's curl lines: the README's are run above
                command = command.replace("/etc/parlwatch/parlwatch.toml", "parlwatch.toml")
                daemon = re.match(r"parlwatch run --config \S+ *(#.*)?$", command)
                r = run(f"timeout --preserve-status -s TERM 3 {command}" if daemon else command,
                        folder, env)
                check(f"doc/{name} command exits 0: {command}\n{r.stderr[-1500:]}",
                      r.returncode == 0)


def service_edit(config, root, fake_port, port):
    """What the operator does in sudoedit: a contact, the sources, a port;
    and, here only, the state and credential folders under ROOT."""
    with open(config) as f:
        text = f.read()
    text = text.replace('# admin_token_file = "/etc/parlwatch/credentials/admin-token"',
                        f'admin_token_file = "{CREDENTIAL}"')
    text = text.replace('# public_url = "https://alerts.example.org"',
                        f'public_url = "http://127.0.0.1:{port}"')
    for path in ("/var/lib/parlwatch", "/etc/parlwatch"):
        text = text.replace(path, root + path)
    text = text.replace("operator@example.org", "ops@parlwatch.test")
    text = text.replace("https://www.theyworkforyou.com/pwdata/scrapedxml/",
                        f"http://127.0.0.1:{fake_port}/scrapedxml/")
    text = re.sub(r'url = "https://raw\.githubusercontent\.com/[^"]*"',
                  f'url = "http://127.0.0.1:{fake_port}/members/people.json"', text)
    text = text.replace('listen = "127.0.0.1:8026"', f'listen = "127.0.0.1:{port}"')
    text = text.replace("delay_between_requests_ms = 1000", "delay_between_requests_ms = 0")
    text = text.replace("# start_date = \"2026-11-30\"", "start_date = \"2007-01-01\"")
    with open(config, "w") as f:
        f.write(text)


def load_credential(config, root):
    """What LoadCredential= does: the credential file under /etc becomes
    readable at the path the configuration names."""
    with open(config) as f:
        text = f.read()
    with open(config, "w") as f:
        f.write(text.replace(CREDENTIAL, root + "/etc/parlwatch/credentials/admin-token"))


class Service:
    """The installed unit's ExecStart, run by hand under ROOT."""

    def __init__(self, root, env):
        self.root, self.env, self.proc = root, env, None

    def exec_start(self):
        unit = os.path.join(self.root, "usr/local/lib/systemd/system/parlwatch.service")
        with open(unit) as f:
            line = next(l for l in f if l.startswith("ExecStart="))
        return rooted(line[len("ExecStart="):].strip().replace("%E", "/etc"), self.root)

    def start(self, log):
        state = os.path.join(self.root, "var/lib/parlwatch")
        os.makedirs(state, exist_ok=True)
        self.proc = subprocess.Popen(self.exec_start().split(), cwd=state, env=self.env,
                                     stdout=log, stderr=log)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)


def rooted(command, root):
    """The command with its system paths taken under ROOT and sudo dropped."""
    command = re.sub(r"^sudo ", "", command)
    command = command.replace("sudo sh -c", "sh -c")
    for path in ("/etc/parlwatch", "/usr/local", "/var/lib/parlwatch"):
        command = command.replace(path, root + path)
    return command


def running_as_a_service(readme, build, source, fake_port, work, env, web):
    root = os.path.join(work, "root")
    port = free_port()
    service = Service(root, env)
    log = open(os.path.join(work, "service.log"), "w")
    config = os.path.join(root, "etc/parlwatch/parlwatch.toml")
    pw = os.path.join(root, "usr/local/bin/parlwatch")
    try:
        for command in command_lines(blocks(section(readme, "Running as a service"))[0]):
            step = command.split("#")[0].strip()
            if step.startswith("scripts/setup"):
                check("the README's release preset exists",
                      "release" in run("cmake --list-presets", source, env).stdout)
            elif step.startswith("sudo cmake --install"):
                r = run(f"cmake --install {build} --prefix {root}/usr/local", source, env)
                check(f"the install works: {r.stderr}", r.returncode == 0)
            elif step.startswith("sudoedit"):
                service_edit(config, root, fake_port, port)
            elif step.startswith("sudo sh -c 'umask 077; cat >"):
                r = run(rooted(step, root), work, env, stdin="smtp-password-not-used\n")
                check(f"README step works: {step}", r.returncode == 0)
                token = os.path.join(root, "etc/parlwatch/credentials/admin-token")
                with open(token, "w") as f:
                    f.write("readme-admin-token-0123456789\n")
            elif step == "sudo systemctl daemon-reload":
                continue
            elif step.startswith("sudo systemctl enable --now"):
                load_credential(config, root)
                service.start(log)
                check("the service answers /healthz",
                      wait_for("/healthz", lambda: http_get(port, "/healthz")[0] == 200))
                check("and has the members data fetched from the source",
                      wait_for("people data", lambda: people_loaded(pw, config, work, env)))
            elif step.startswith("systemctl status"):
                r = run(f"{pw} status --config {config}", work, env)
                check(f"status works: {r.stderr}", r.returncode == 0 and "people data" in r.stdout)
            elif step.startswith("journalctl"):
                continue
            elif step.startswith("sudo systemctl reload"):
                service.proc.send_signal(signal.SIGHUP)
                check("the service still answers after a reload",
                      wait_for("/healthz after SIGHUP",
                               lambda: http_get(port, "/healthz")[0] == 200))
            else:
                r = run(rooted(step, root), work, env)
                check(f"README step exits 0: {step}\n{r.stderr}", r.returncode == 0)
        db = os.path.join(root, "var/lib/parlwatch/parlwatch.db")
        r = run(f"{pw} --db {db} user add campaign@example.org && {pw} --db {db} rule add "
                "--user campaign@example.org 'speaker:\"Vernon Coaker\" trafficking'", work, env)
        check(f"speaker:\"Vernon Coaker\" works from the fetched members data: {r.stderr}",
              r.returncode == 0 and "speaker:10121" in r.stdout)
        for command in web:
            r = run(rooted(command.replace("8026", str(port)), root), work, env)
            check(f"README web command works: {command}\n{r.stdout}{r.stderr}",
                  r.returncode == 0 and "error" not in r.stdout)
        second = subprocess.run(service.exec_start().split(), env=env, capture_output=True,
                                text=True, timeout=60,
                                cwd=os.path.join(root, "var/lib/parlwatch"))
        check(f"a second start on the taken port exits 78, not restarted: {second.stderr[-500:]}",
              second.returncode == 78)
    finally:
        service.stop()
        log.close()
    if failures:
        with open(os.path.join(work, "service.log")) as f:
            print(f.read()[-3000:])


def main(pw, fake_server, data, build, source):
    pw, fake_server, data, build, source = map(os.path.abspath,
                                               (pw, fake_server, data, build, source))
    readme = open(os.path.join(source, "README.md")).read()
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, PATH=os.path.dirname(pw) + ":" + os.environ["PATH"])
        env.pop("http_proxy", None)
        env.pop("https_proxy", None)
        web = using_it(readme, data, work, env)
        doc_commands(source, data, work, env)
        site = os.path.join(work, "site")
        for folder in ("members", "debates", "westminhall", "wrans", "wms", "lordspages",
                       "lordswrans", "lordswms"):
            os.makedirs(os.path.join(site, folder))
        shutil.copy(os.path.join(data, "people-sample.json"),
                    os.path.join(site, "members", "people.json"))
        shutil.copy(os.path.join(data, "debates2007-11-26a.xml"), os.path.join(site, "debates"))
        faults = os.path.join(work, "faults")
        open(faults, "w").close()
        port_file = os.path.join(work, "fake-port")
        fake = subprocess.Popen([fake_server, site, port_file, faults,
                                 os.path.join(work, "requests")])
        try:
            wait_for("the fake's port", lambda: os.path.exists(port_file))
            fake_port = int(open(port_file).read())
            running_as_a_service(readme, build, source, fake_port, work, env, web)
        finally:
            fake.terminate()
            fake.wait()
    print(f"README and doc/ commands: {len(RAN)} run, {len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
