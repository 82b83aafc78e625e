"""A whole term in real Chromium, from an empty database, with no CLI and no JSON (issue 25).

Run by scripts/test after the Swift suite:  python3 Tests/Browser/test_term.py PATH/TO/attune
`attune serve` starts on an empty database with its clock read from a file (`--clock-file`, for
tests only) and its reminders sent to a fake SMS/email gateway served here. The administrator
creates the site, a centre, a facilitator and two accounts; the facilitator sets up a programme
of five weekly sessions, registers and invites seven mothers (one declines, one waits for a place
and gets it when another withdraws), records EPDS before and after, logs every session on its
day and corrects one log with a reason; the server sends each reminder once; the manager sees
the profile, the reach by need and a missed opportunity. Screenshots of each step are kept in
$ATTUNE_SCREENSHOTS (default: a temporary folder, printed at the end).
"""
import datetime
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import uuid

from accessibility import assert_accessible
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ATTUNE = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.path.abspath(".build/debug/attune")
SHOTS = os.environ.get("ATTUNE_SCREENSHOTS") or tempfile.mkdtemp(prefix="attune-term-shots-")
os.makedirs(SHOTS, exist_ok=True)
START = datetime.date.today()
# Seven mothers: name, baby, contact (SMS unless an email is given), what she answers.
MOTHERS = [
    ("Amy Clarke", "Leo", "07700 900101", "place"),
    ("Bea Khan", "Noor", "07700 900102", "withdraws"),
    ("Cara Doyle", "Finn", "cara@example.org", "place"),
    ("Dee Mensah", "Ama", "07700 900104", "place"),
    ("Eve Novak", "Lena", "07700 900105", "never comes"),
    ("Fay Ahmed", "Zara", "07700 900106", "declines"),
    ("Gail Ross", "Ivy", "07700 900107", "waits"),
]
PASSWORD = "a term of baby massage"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeGateway(http.server.ThreadingHTTPServer):
    """A GOV.UK Notify-shaped gateway that keeps every notification it is given."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.received.append((self.path, body))
                answer = json.dumps({"id": str(uuid.uuid4())}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def references(self):
        with self.lock:
            return [body["reference"] for _, body in self.received]


class TermInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="attune-term-")
        cls.clock = os.path.join(cls.folder, "clock")
        cls.set_clock(START, "07:00")
        cls.gateway = FakeGateway()
        threading.Thread(target=cls.gateway.serve_forever, daemon=True).start()
        cls.port = free_port()
        cls.base = f"http://127.0.0.1:{cls.port}"
        env = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
                   ATTUNE_NOTIFY_URL=f"http://127.0.0.1:{cls.gateway.server_address[1]}",
                   ATTUNE_NOTIFY_API_KEY=f"attune_term-{uuid.uuid4()}-{uuid.uuid4()}",
                   ATTUNE_NOTIFY_SMS_TEMPLATE=str(uuid.uuid4()), ATTUNE_NOTIFY_EMAIL_TEMPLATE=str(uuid.uuid4()))
        env.pop("ATTUNE_DATABASE_URL", None)
        env.pop("ATTUNE_DEMO_PASSWORD", None)
        cls.log_path = os.path.join(cls.folder, "server.log")
        cls.log = open(cls.log_path, "w")
        cls.server = subprocess.Popen([ATTUNE, "serve", "--port", str(cls.port), "--reminders-every", "5", "--clock-file", cls.clock],
                                      cwd=cls.folder, env=env, stdout=cls.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(cls.base + "/health", timeout=2)
                break
            except Exception:
                if time.time() > deadline or cls.server.poll() is not None:
                    raise RuntimeError("attune serve did not start: " + open(cls.log_path).read())
                time.sleep(0.3)
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(argument)
        if os.path.exists("/usr/bin/chromium"):
            options.binary_location = "/usr/bin/chromium"
        service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else None
        cls.browser = webdriver.Chrome(options=options, service=service)
        cls.browser.implicitly_wait(2)
        cls.step = 0

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.terminate()
        cls.server.wait(timeout=20)
        cls.log.close()
        cls.gateway.shutdown()
        print(f"\nScreenshots: {SHOTS}", file=sys.stderr)

    @classmethod
    def set_clock(cls, day, time_of_day):
        """The server's clock, in UTC (the term runs in winter, when London keeps UTC too)."""
        with open(cls.clock, "w") as clock:
            clock.write(f"{day.isoformat()}T{time_of_day}:00Z")

    # Helpers

    def shot(self, name, widths=(1280,)):
        assert_accessible(self, self.browser, name)
        for width in widths:
            type(self).step += 1
            self.browser.set_window_size(width, 1000)
            height = self.browser.execute_script("return document.body.scrollHeight")
            self.browser.set_window_size(width, min(max(height + 40, 600), 5000))
            self.browser.save_screenshot(os.path.join(SHOTS, f"{self.step:02d}-{name}-{width}.png"))
            if width <= 390:
                wide = self.browser.execute_script("return document.documentElement.scrollWidth")
                self.assertLessEqual(wide, width, f"{name} scrolls sideways at {width} px")
                # A wide table scrolls in its own box; none is cut off by the card around it.
                clipped = self.browser.execute_script("""
                    return [...document.querySelectorAll('main table')].filter(t => !t.closest('.table-wrap')
                      && t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 1).length""")
                self.assertEqual(clipped, 0, f"{name}: a table is cut off at {width} px")
        self.browser.set_window_size(1280, 1000)

    def open(self, path):
        self.browser.get(self.base + path)

    def wait_for(self, text, timeout=15):
        WebDriverWait(self.browser, timeout).until(lambda browser: text in browser.page_source)

    def fill(self, name, value, within=None):
        element = (within or self.browser).find_element(By.NAME, name)
        if element.get_attribute("type") in ("date", "time"):
            self.browser.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)

    def select(self, name, value, within=None):
        Select((within or self.browser).find_element(By.NAME, name)).select_by_value(value)

    def submit(self, within=None):
        (within or self.browser).find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    def sign_in(self, username, password):
        """Signs in (the next page is the dashboard, or the form to choose her own password)."""
        self.browser.delete_all_cookies()
        self.open("/login")
        WebDriverWait(self.browser, 15).until(lambda browser: browser.find_elements(By.NAME, "username"))
        self.fill("username", username)
        self.fill("password", password)
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "form.card"))

    def sign_out(self):
        """Signs out and waits for the sign-in page, so the next page opened is not overtaken by the redirect."""
        self.browser.find_element(By.CSS_SELECTOR, ".who button").click()
        self.wait_for("<h1>Sign in</h1>")

    def first_sign_in(self, username, one_time):
        """Signs in with a one-time password and chooses her own."""
        self.sign_in(username, one_time)
        self.wait_for("The one-time password you signed in with")
        self.fill("current_password", one_time)
        self.fill("new_password", PASSWORD)
        self.fill("confirm_password", PASSWORD)
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.wait_for("Your password is changed.")

    def add_user(self, username, name, role):
        self.open("/admin/users")
        form = self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=add-user-title] form")
        self.fill("username", username, form)
        self.fill("display_name", name, form)
        self.select("role", role, form)
        self.fill("centres", "OAK", form)
        self.submit(form)
        self.wait_for("One-time password for")
        return self.browser.find_element(By.CSS_SELECTOR, ".secret code").text

    def sent_for(self, session):
        """The mothers reminded of a session, by code (a reminder's reference is session#dyad#days)."""
        return [reference.split("#")[1] for reference in self.gateway.references() if reference.startswith(f"{self.programme}-S{session}#")]

    def wait_for_reminders(self, session, dyads, timeout=40):
        deadline = time.time() + timeout
        while not set(dyads) <= set(self.sent_for(session)) and time.time() < deadline:
            time.sleep(0.5)
        return self.sent_for(session)

    # The term

    def test_a_whole_term(self):
        # The site is set up by whoever reads the server's log.
        def printed():
            with open(self.log_path) as log:
                return re.search(r"http://\S+/setup\?token=[0-9a-f]{32}", log.read())
        deadline = time.time() + 10
        while not printed() and time.time() < deadline:
            time.sleep(0.2)
        setup = printed().group(0)
        self.browser.get(setup)
        self.fill("username", "ada")
        self.fill("display_name", "Ada Admin")
        self.fill("password", PASSWORD)
        self.fill("confirm_password", PASSWORD)
        self.shot("setup", widths=(1280, 390))
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.wait_for("You are the administrator.")
        self.sign_in("ada", PASSWORD)
        self.wait_for("<h1>Dashboard</h1>")

        # A centre, a facilitator who works there, and her and her manager's accounts.
        self.open("/admin/centres")
        self.fill("id", "OAK")
        self.fill("name", "Oak Tree Children's Centre")
        self.fill("area", "Northfield ward")
        self.fill("deprivation_decile", "11")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=add-centre-title] form"))
        self.refused("deprivation_decile", "centre-refused")
        self.fill("deprivation_decile", "2")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=add-centre-title] form"))
        self.wait_for("Added centre OAK")
        self.open("/admin/facilitators")
        form = self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=add-facilitator-title] form")
        self.fill("id", "F-ROSA", form)
        self.fill("name", "Rosa Okafor", form)
        self.select("role", "health_visitor", form)
        self.select("training_body", "iaim", form)
        self.fill("training_days", "4", form)
        self.fill("centres", "OAK", form)
        self.submit(form)
        self.wait_for("Rosa Okafor")
        self.shot("facilitators")
        rosa_password = self.add_user("rosa", "Rosa Okafor", "facilitator")
        mo_password = self.add_user("mo.patel", "Mo Patel", "manager")
        self.shot("one-time-password")
        self.open("/admin/facilitators/F-ROSA")
        self.fill("account", "rosa")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.wait_for("<td>rosa</td>")

        # The facilitator sets up the programme: five weekly sessions from today, five places.
        self.first_sign_in("rosa", rosa_password)
        self.open("/programmes")
        self.browser.find_element(By.LINK_TEXT, "Set up a programme").click()
        self.wait_for("<h1>Set up a programme</h1>")
        self.fill("name", "Baby massage, winter term")
        self.fill("venue", "Oak Room, first floor: take the lift by reception")
        self.fill("start_date", START.isoformat())
        self.fill("start_time", "10:00")
        self.fill("planned_sessions", "0")
        self.fill("place_limit", "5")
        self.select("lead_facilitator_id", "F-ROSA")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.refused("planned_sessions", "set-up-refused")
        self.fill("start_date", START.isoformat())
        self.fill("start_time", "10:00")
        self.fill("planned_sessions", "5")
        self.select("lead_facilitator_id", "F-ROSA")
        self.shot("set-up", widths=(1280, 390))
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.wait_for("with 5 planned sessions")
        type(self).programme = self.browser.current_url.rstrip("/").split("/")[-1]
        self.shot("programme-planned")

        # Seven mothers registered and invited in person by Rosa.
        codes = {}
        for name, baby, contact, _ in MOTHERS:
            self.open(f"/programmes/{self.programme}/invite")
            form = self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=new-title] form")
            self.fill("mother_name", name, form)
            self.fill("infant_name", baby, form)
            self.fill("infant_date_of_birth", (START - datetime.timedelta(days=70)).isoformat(), form)
            self.fill("phone" if contact.startswith("07") else "email", contact, form)
            self.select("preferred_channel", "sms" if contact.startswith("07") else "email", form)
            form.find_element(By.ID, "field-consent_to_records").click()
            form.find_element(By.CSS_SELECTOR, "input[name=consent_to_contact][value=yes]").click()
            self.select("mode", "in_person", form)
            self.select("invited_by_facilitator_id", "F-ROSA", form)
            if name == "Amy Clarke":
                self.shot("register-mother", widths=(1280, 390))
                # A birth date in the future is refused beside its field, and nothing is saved.
                self.fill("infant_date_of_birth", (START + datetime.timedelta(days=30)).isoformat(), form)
                self.submit(form)
                self.wait_for("She was not registered")
                self.assertIn("date of birth cannot be in the future", self.browser.page_source)
                self.shot("register-refused")
                form = self.browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=new-title] form")
                self.fill("infant_date_of_birth", (START - datetime.timedelta(days=70)).isoformat(), form)
                form.find_element(By.CSS_SELECTOR, "input[name=consent_to_contact][value=yes]").click()
            self.submit(form)
            self.wait_for(f"Invited {name}")
            codes[name] = f"OAK-M{len(codes) + 1}"

        # Their answers: one declines, the sixth to say yes waits for a place.
        def answer(name, choice, reason=None):
            self.open(f"/programmes/{self.programme}/enrolment/{codes[name]}")
            self.choose("answer", choice)
            if reason:
                self.fill("reason", reason)
            self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
            self.wait_for("Enrolment")

        self.open(f"/programmes/{self.programme}/enrolment/{codes['Fay Ahmed']}")
        self.choose("answer", "declined")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.refused("reason", "answer-refused")
        for name, _, _, plan in MOTHERS:
            if plan == "declines":
                answer(name, "declined", "No bus fare to the centre")
            elif plan != "waits":
                answer(name, "place")
        answer("Gail Ross", "place")
        self.assertIn("1 on the waiting list.", self.browser.page_source)
        answer("Bea Khan", "withdrew", "Moving house")
        self.assertIn("A place is free.", self.browser.page_source)
        self.assertIn("First on the waiting list: Gail Ross", self.browser.page_source)
        self.shot("place-free")
        self.browser.find_element(By.LINK_TEXT, "Offer her the place").click()
        self.choose("answer", "place")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form"))
        self.wait_for("has a place")
        enrolled = [name for name, _, _, plan in MOTHERS if plan in ("place", "never comes", "waits")]

        # EPDS before the programme: Eve's is high. An EPDS with an item left out is refused first.
        self.open(f"/dyads/{codes['Amy Clarke']}")
        form = self.browser.find_element(By.CSS_SELECTOR, "form.measure-form")
        self.select("timepoint", "before", form)
        self.fill("date", START.isoformat(), form)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.refused("epds-item-1", "epds-refused")
        self.assertIn("The EPDS was not saved: 10 things to correct", self.browser.page_source)
        for name, items in [("Amy Clarke", [1, 1, 0, 1, 0, 1, 0, 1, 0, 0]), ("Eve Novak", [2, 2, 2, 2, 2, 2, 1, 1, 1, 0]),
                            ("Cara Doyle", [1, 0, 1, 1, 0, 0, 1, 0, 1, 0])]:
            self.record_epds(codes[name], "before", START, items)

        # Each session: reminders the day before (sent by the server, once each), logged on the day.
        for number in range(1, 6):
            day = START + datetime.timedelta(days=7 * (number - 1))
            self.set_clock(day, "07:00")
            expected = [codes[name] for name in enrolled]
            sent = self.wait_for_reminders(number, expected)
            self.assertTrue(set(expected) <= set(sent), f"reminders for session {number}: {sent}")
            self.set_clock(day, "12:00")
            # Hours later: she was signed out after a time without activity, and signs in again.
            self.sign_in("rosa", PASSWORD)
            self.wait_for("<h1>Dashboard</h1>")
            self.log_session(number, day, codes, enrolled, absent=["Eve Novak"])
        references = self.gateway.references()
        self.assertEqual(len(references), len(set(references)), "a reminder was sent twice")
        for number in range(2, 6):
            self.assertEqual(sorted(self.sent_for(number)), sorted(codes[name] for name in enrolled), f"session {number}")

        # EPDS after, the day after the last session; then a correction of session 2's log.
        last = START + datetime.timedelta(days=28)
        self.set_clock(last + datetime.timedelta(days=1), "09:00")
        self.sign_in("rosa", PASSWORD)
        self.wait_for("<h1>Dashboard</h1>")
        for name, items in [("Amy Clarke", [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ("Cara Doyle", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0])]:
            self.record_epds(codes[name], "after", last + datetime.timedelta(days=1), items)
        self.open(f"/programmes/{self.programme}/sessions/2")
        self.wait_for("Correcting a held session")
        self.choose("doll_modelling", "yes")
        self.fill("correction_reason", "The doll was used; I ticked the wrong row on the day")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "form.session-log"))
        self.wait_for("Saved the log of session 2")
        self.open(f"/programmes/{self.programme}/sessions/2")
        self.assertIn("The doll was used; I ticked the wrong row on the day", self.browser.page_source)
        self.shot("correction-history")

        # Amy's EPDS after had item 4 wrong: corrected with a reason (refused without one); the old scores stay shown.
        self.open(f"/dyads/{codes['Amy Clarke']}")
        rows = [row for row in self.browser.find_elements(By.CSS_SELECTOR, "#measures tbody tr") if " after " in f" {row.text} "]
        rows[-1].find_element(By.LINK_TEXT, "Correct…").click()
        self.wait_for("<h1>Correct the EPDS of")
        self.select("item-4", "0")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form.measure-form"))
        self.refused("epds-reason", "measure-correction-refused")
        self.select("item-4", "0")
        self.fill("reason", "Item 4 was her answer to item 5")
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "main form.measure-form"))
        self.wait_for("Saved the correction of the EPDS")
        self.assertIn("Measures corrected or deleted", self.browser.page_source)
        self.assertIn("Item 4 was her answer to item 5", self.browser.page_source)
        self.shot("measure-corrected", widths=(1280, 390))
        self.sign_out()

        # The manager sees the profile, the reach by need and the missed opportunity.
        self.first_sign_in("mo.patel", mo_password)
        self.open(f"/programmes/{self.programme}")
        source = self.browser.page_source
        self.assertIn("based on 5 of 5 planned sessions held", source)
        self.assertNotIn("Provisional.", source)
        self.assertIn("Reach of", source)
        self.assertIn("Missed opportunities (1)", source)
        self.assertIn(codes["Eve Novak"], source)
        self.shot("manager-programme", widths=(1280, 390))

        # Her manager sees who has seen Amy's record, and prints her a copy of everything held.
        self.open(f"/dyads/{codes['Amy Clarke']}")
        self.wait_for("Who has seen or changed her record")
        self.assertIn("rosa", self.browser.find_element(By.ID, "activity").text)
        self.browser.find_element(By.LINK_TEXT, "Everything held about her (to print)").click()
        self.wait_for("Everything Attune holds about Amy Clarke and her baby")
        self.assertIn("07700 900101", self.browser.page_source)
        self.shot("subject-access", widths=(1280, 390))
        self.sign_out()

        # Fay, who declined, asks for her record to be erased: the administrator erases it after
        # typing her code, and finds the erasure in the activity log.
        self.sign_in("ada", PASSWORD)
        self.wait_for("<h1>Dashboard</h1>")
        fay = codes["Fay Ahmed"]
        self.open(f"/dyads/{fay}")
        self.browser.find_element(By.LINK_TEXT, "Erase her record").click()
        self.wait_for("What stays")
        self.shot("erase", widths=(1280, 390))
        form = self.browser.find_element(By.CSS_SELECTOR, "main form.card")
        self.fill("reason", "Her request by phone on the last day of the term", form)
        self.fill("confirm", "not-her-code", form)
        self.submit(form)
        self.wait_for(f"Type her code, {fay}, to confirm.")
        form = self.browser.find_element(By.CSS_SELECTOR, "main form.card")
        self.fill("confirm", fay, form)
        self.submit(form)
        self.wait_for("Her record was erased on")
        self.assertNotIn("Fay Ahmed", self.browser.page_source)
        self.open(f"/admin/activity?dyad={fay}&action=erase")
        self.wait_for("Erased her identifying data")
        self.shot("activity-log", widths=(1280, 390))

        # The term's other pages, as the administrator sees them: each checked by axe-core, and
        # at a phone's width none scrolls sideways.
        amy = codes["Amy Clarke"]
        for name, path in [("users", "/admin/users"), ("centres", "/admin/centres"), ("facilitator", "/admin/facilitators/F-ROSA"),
                           ("find-a-mother", "/dyads?name=Am"), ("password", "/account/password"), ("dashboard", "/"),
                           ("programmes", "/programmes"), ("reminders", f"/programmes/{self.programme}/reminders"),
                           ("answer", f"/programmes/{self.programme}/enrolment/{amy}"), ("her-page", f"/dyads/{amy}"),
                           ("registration", f"/dyads/{amy}/registration"), ("override", f"/programmes/{self.programme}/overrides/M3")]:
            self.open(path)
            self.wait_for("</main>")
            for refusal in ("<h1>Not Found</h1>", "<h1>Forbidden</h1>", "<h1>Bad Request</h1>"):
                self.assertNotIn(refusal, self.browser.page_source, path)
            self.shot(f"page-{name}", widths=(390,))
        self.open(f"/dyads/{amy}")
        self.browser.find_element(By.LINK_TEXT, "Delete…").click()
        self.wait_for("<h1>Delete the EPDS")
        self.shot("page-delete-measure", widths=(390,))
        self.sign_out()
        self.shot("page-sign-in", widths=(390,))

    def refused(self, field, name):
        """The form came back with a message beside `field` (its id without "field-") and a
        summary at the top; looked at and checked by axe-core at a phone's width."""
        WebDriverWait(self.browser, 15).until(lambda browser: browser.find_elements(By.ID, f"field-{field}-error"))
        self.assertTrue(self.browser.find_elements(By.CSS_SELECTOR, ".error-summary"), f"{name}: no summary of the errors")
        self.shot(name, widths=(390,))

    def choose(self, name, value):
        self.browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()

    def record_epds(self, code, timepoint, day, items):
        self.open(f"/dyads/{code}")
        form = self.browser.find_element(By.CSS_SELECTOR, "form.measure-form")
        self.select("timepoint", timepoint, form)
        self.fill("date", day.isoformat(), form)
        for item, score in enumerate(items, start=1):
            self.select(f"item-{item}", str(score), form)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for("Saved.")

    def log_session(self, number, day, codes, enrolled, absent):
        self.open(f"/programmes/{self.programme}/sessions/{number}")
        self.wait_for(f"Log session {number} of")

        def fill_in(temperature):
            self.fill("date", day.isoformat())
            self.select("lead_facilitator_id", "F-ROSA")
            box = self.browser.find_element(By.NAME, "present-F-ROSA")
            if not box.is_selected():
                box.click()
            self.fill("room_temperature_celsius", temperature)
            for check in ["easy_to_find", "greeted_at_door", "warm_enough", "strokes_taught", "infant_cues_taught", "baby_permission_asked",
                          "infant_states_taught", "singing", "social_time", "containing_atmosphere", "technical_skill", "personal_qualities"]:
                self.choose(check, "yes")
            for name in enrolled:
                self.choose(f"attendance-{codes[name]}", "absent" if name in absent else "present")

        if number == 1:
            # A temperature out of range is refused beside its field, and nothing is saved.
            fill_in("60")
            self.submit(self.browser.find_element(By.CSS_SELECTOR, "form.session-log"))
            self.refused("room_temperature_celsius", "session-log-refused")
        fill_in("23")
        if number == 1:
            self.shot("session-log", widths=(1280, 768))
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "form.session-log"))
        self.wait_for(f"Saved the log of session {number}")

if __name__ == "__main__":
    unittest.main(verbosity=2)
