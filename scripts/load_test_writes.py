#!/usr/bin/env python3
"""Concurrent writers against `attune serve`: does every acknowledged write survive, and does the
server stay responsive while many people save at once?

    python3 scripts/load_test_writes.py --attune .build/release/attune [--postgres postgres://...]
        [--writers 32] [--seconds 20] [--kill] [--min-writes-per-second 300] [--out figures.json]

It starts `attune serve --demo` on a database of its own (a new SQLite file in a temporary
folder, or a new database on the PostgreSQL server named), signs in as the demo facilitator
of centre A, and has WRITERS threads each post follow-ups on a mother's page for SECONDS seconds,
every one with an action text of its own. Meanwhile one thread asks `/health` every 20 ms.

Then it checks, in the database itself, that every follow-up the server acknowledged (answered
303) is stored, and on SQLite that `PRAGMA integrity_check` says ok. With --kill the server is
killed with SIGKILL halfway through: writes in flight may be lost (they were never acknowledged),
but no acknowledged one may be.

It prints its figures and exits non-zero when a floor is missed: any error answer (other than
connections refused after a --kill), any acknowledged write missing, `/health` p99 of 100 ms or
more, or fewer acknowledged writes per second than --min-writes-per-second (0 to skip).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PASSWORD = "load-test-password-0123"
DYAD, PROGRAMME = "A-NOW-D1", "A-NOW"
MARK = "load-test write"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One signed-in person: the session cookie and the CSRF token, over one kept-alive connection."""

    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = None
        self.csrf = ""

    def request(self, method, path, form=None):
        headers = {}
        body = None
        if self.cookie:
            headers["Cookie"] = "attune_session=" + self.cookie
        if form is not None:
            body = urllib.parse.urlencode(dict(form, _csrf=self.csrf))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("attune_session="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        match = re.search(r'name="_csrf" value="([^"]+)"', text)
        if match:
            self.csrf = match.group(1)
        return response.status, text

    def sign_in(self, username):
        self.request("GET", "/login")
        status, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD})
        if status != 303:
            raise RuntimeError(f"sign-in as {username} answered {status}")
        self.request("GET", "/")


def start_server(attune, database, port, folder):
    env = dict(os.environ, ATTUNE_DEMO_PASSWORD=PASSWORD, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    env.pop("ATTUNE_DATABASE_URL", None)
    # PostgreSQL has no file beside it for the pseudonyms' site secret: give one (serve --help).
    env.setdefault("ATTUNE_SITE_SECRET", "load-test-site-secret-" + "0" * 32)
    log = open(os.path.join(folder, "server.log"), "a")
    server = subprocess.Popen([attune, "serve", "--demo", "--database", database, "--port", str(port)],
                              cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            raise RuntimeError("attune serve did not start:\n" + open(os.path.join(folder, "server.log")).read()[-3000:])
        time.sleep(0.2)


def stored_actions(database):
    if database.startswith("postgres"):
        query = f"SELECT action FROM follow_up_actions WHERE action LIKE '{MARK}%'"
        output = subprocess.run(["psql", "-At", database.split("?")[0], "-c", query], check=True, capture_output=True, text=True).stdout
        return set(output.splitlines()), "not run (PostgreSQL)"
    connection = sqlite3.connect(database)
    try:
        actions = {row[0] for row in connection.execute("SELECT action FROM follow_up_actions WHERE action LIKE ?", (MARK + "%",))}
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return actions, integrity


def new_postgres_database(server):
    """A new, empty database on the server; its URL."""
    name = f"attune_load_{os.getpid()}_{int(time.time())}"
    subprocess.run(["psql", "-q", server.split("?")[0], "-c", f"CREATE DATABASE {name}"], check=True)
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attune", default=".build/release/attune")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (postgres://user@host:port/postgres): a new database is made on it; a new SQLite file when not given")
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kill", action="store_true", help="kill -9 the server halfway through")
    parser.add_argument("--min-writes-per-second", type=float, default=0)
    parser.add_argument("--out", help="write the figures to this JSON file as well")
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="attune-load-")
    database = new_postgres_database(arguments.postgres) if arguments.postgres else os.path.join(folder, "load.sqlite")
    engine = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    port = free_port()
    server = start_server(os.path.abspath(arguments.attune), database, port, folder)

    acknowledged, errors, lock = [], [], threading.Lock()
    health_latencies, health_failures = [], []
    killed = threading.Event()
    stop_at = time.time() + arguments.seconds
    start = time.time()

    browsers = []
    for _ in range(arguments.writers):
        browser = Browser(port)
        browser.sign_in("demo-facilitator-a")
        browsers.append(browser)

    def writer(number, browser):
        sent = 0
        while time.time() < stop_at:
            action = f"{MARK} {number}-{sent}"
            sent += 1
            try:
                status, text = browser.request("POST", f"/dyads/{DYAD}/follow-ups", {"programme": PROGRAMME, "action": action})
            except (OSError, http.client.HTTPException) as error:
                if killed.is_set():
                    return
                with lock:
                    errors.append(f"writer {number}: {error!r}")
                browser.connection.close()
                continue
            with lock:
                if status == 303:
                    acknowledged.append(action)
                else:
                    errors.append(f"writer {number}: {status} {re.sub(r'<[^>]+>', ' ', text)[:200]!r}")

    def health():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.time() < stop_at and not killed.is_set():
            began = time.perf_counter()
            try:
                connection.request("GET", "/health")
                status = connection.getresponse()
                status.read()
                if status.status != 200:
                    health_failures.append(status.status)
                health_latencies.append(time.perf_counter() - began)
            except (OSError, http.client.HTTPException) as error:
                if not killed.is_set():
                    health_failures.append(repr(error))
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            time.sleep(0.02)

    start = time.time()
    stop_at = start + arguments.seconds
    threads = [threading.Thread(target=writer, args=(n, b)) for n, b in enumerate(browsers)] + [threading.Thread(target=health)]
    for thread in threads:
        thread.start()
    if arguments.kill:
        time.sleep(arguments.seconds / 2)
        killed.set()
        server.send_signal(signal.SIGKILL)
        server.wait()
    for thread in threads:
        thread.join()
    elapsed = (time.time() - start) if not arguments.kill else arguments.seconds / 2
    if not arguments.kill:
        server.terminate()
        server.wait(timeout=30)

    stored, integrity = stored_actions(database)
    if arguments.postgres:
        subprocess.run(["psql", "-q", arguments.postgres.split("?")[0], "-c", f"DROP DATABASE IF EXISTS {database.split('/')[-1].split('?')[0]}"],
                       check=False, capture_output=True)
    lost = [action for action in acknowledged if action not in stored]
    figures = {
        "engine": engine,
        "writers": arguments.writers,
        "seconds": round(elapsed, 1),
        "killed": arguments.kill,
        "acknowledged_writes": len(acknowledged),
        "acknowledged_writes_per_second": round(len(acknowledged) / elapsed, 1),
        "errors": len(errors),
        "lost_acknowledged_writes": len(lost),
        "stored_writes": len(stored),
        "integrity_check": integrity,
        "health_requests": len(health_latencies),
        "health_failures": len(health_failures),
        "health_p50_ms": round(percentile(health_latencies, 0.50) * 1000, 1),
        "health_p99_ms": round(percentile(health_latencies, 0.99) * 1000, 1),
        "health_max_ms": round(max(health_latencies, default=float("nan")) * 1000, 1),
    }
    print(json.dumps(figures, indent=2))
    for error in errors[:5]:
        print("error:", error, file=sys.stderr)
    if arguments.out:
        with open(arguments.out, "w") as file:
            json.dump(figures, file, indent=2)

    problems = []
    if errors:
        problems.append(f"{len(errors)} error answers")
    if lost:
        problems.append(f"{len(lost)} acknowledged writes missing, e.g. {lost[:3]}")
    if engine == "SQLite" and integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    if health_failures:
        problems.append(f"/health failed {len(health_failures)} times: {health_failures[:3]}")
    if not arguments.kill and figures["health_p99_ms"] >= 100:
        problems.append(f"/health p99 {figures['health_p99_ms']} ms (floor: under 100 ms)")
    if not arguments.kill and figures["acknowledged_writes_per_second"] < arguments.min_writes_per_second:
        problems.append(f"{figures['acknowledged_writes_per_second']} acknowledged writes/s (floor: {arguments.min_writes_per_second})")
    if not acknowledged:
        problems.append("no write was acknowledged")
    if problems:
        print(f"load test on {engine}: FAILED: " + "; ".join(problems), file=sys.stderr)
        print("server log: " + os.path.join(folder, "server.log"), file=sys.stderr)
        sys.exit(1)
    print(f"load test on {engine}: ok", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
