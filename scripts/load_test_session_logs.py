#!/usr/bin/env python3
"""Times saving session logs through a running `attune serve`: each save stores the session and
its register and derives the programme's profile again, in one transaction (issue 24).

    python3 scripts/load_test_session_logs.py --base http://127.0.0.1:8080 --cookie SESSION \
        --centre C0 --facilitator C0-F0 [--writers 1,4,32] [--seconds 10]

Signed in (COOKIE, the attune_session cookie) as a facilitator of CENTRE of a database made by
`attune generate`, WRITERS threads each save logs of sessions 1-4 of the centre's four
programmes for SECONDS seconds, with checks of their own. Prints saves per second, errors and
latency percentiles for each number of writers; exits non-zero on any error.
"""
import argparse, datetime, random, re, sys, threading, time, urllib.error, urllib.parse, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--cookie", required=True)
parser.add_argument("--centre", default="C0")
parser.add_argument("--facilitator", default="C0-F0")
parser.add_argument("--writers", default="1,4,32")
parser.add_argument("--seconds", type=float, default=10)
args = parser.parse_args()

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords): return None
opener = urllib.request.build_opener(NoRedirect)

def request(path, data=None):
    req = urllib.request.Request(args.base + path, data=data, headers={"Cookie": "attune_session=" + args.cookie})
    try:
        with opener.open(req, timeout=30) as response: return response.status, response.read().decode()
    except urllib.error.HTTPError as error: return error.code, error.read().decode()

status, form = request(f"/programmes/{args.centre}-P0/sessions/1")
match = re.search(r'name="_csrf" value="([^"]+)"', form)
if status != 200 or not match: sys.exit(f"cannot open the session log form: {status}")
token, today = match.group(1), datetime.date.today().isoformat()
checks = ["easy_to_find", "greeted_at_door", "singing", "doll_modelling", "infant_cues_taught", "baby_permission_asked",
          "infant_states_taught", "containing_atmosphere", "technical_skill"]
failed = False
for writers in [int(w) for w in args.writers.split(",")]:
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.time() + args.seconds
    def writer(index):
        generator = random.Random(index)
        while time.time() < deadline:
            fields = {"_csrf": token, "date": today, "lead_facilitator_id": args.facilitator, f"present-{args.facilitator}": "on",
                      "room_temperature_celsius": str(generator.randint(17, 24)), "notes": "timed by load_test_session_logs.py"}
            for check in checks: fields[check] = generator.choice(["yes", "no", ""])
            started = time.time()
            status, _ = request(f"/programmes/{args.centre}-P{index % 4}/sessions/{generator.randint(1, 4)}",
                                urllib.parse.urlencode(fields).encode())
            with lock:
                if status == 303: latencies.append(time.time() - started)
                else: errors.append(status)
    threads = [threading.Thread(target=writer, args=(index,)) for index in range(writers)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    latencies.sort()
    def percentile(share): return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"session logs saved, {writers} at once for {args.seconds:.0f} s: {len(latencies) / args.seconds:.0f}/s, "
          f"errors {len(errors)}; p50 {percentile(0.5):.1f} ms, p99 {percentile(0.99):.1f} ms")
    failed = failed or bool(errors)
sys.exit(1 if failed else 0)
