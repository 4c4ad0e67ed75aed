"""Staff of the scale organisation working at once (``make load``; bench/load/run.py runs it).

Each simulated user signs in through the real sign-in (username and password, then the TOTP
code computed from the scale staff's seed, bench/load/totp.py), then works as its role
does: lists at random pages, client pages within its reach, searches by code and by name,
attendance registers saved (trainers and the coordinator), a PDF now and then.

Several simulated users may share one account (50 users, 32 accounts): a TOTP code is
accepted once (allauth's replay protection), so the second one waits for the next 30-second
code. Each register is saved by one simulated user only, so that its acknowledged writes
have a defined order: every save answered with the redirect of success is written to
``LOAD_ACKS`` with its marks, and bench/load/run.py checks them in the database afterwards.

Environment: LOAD_PLAN (from manage.py load_plan), LOAD_ACKS (output), LOAD_WAIT ("0.5-1.5",
think time in seconds between two actions of one user).
"""

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import HttpUser, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import totp  # noqa: E402

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
ACKS_PATH = os.environ.get("LOAD_ACKS", "")
READY_PATH = os.environ.get("LOAD_READY", "")  # written once every user has signed in
USERS = int(os.environ.get("LOAD_USERS", "0"))
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "0.5-1.5").split("-"))
STATUSES = ("present", "late", "excused", "absent")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MARK = re.compile(r'name="mark-(\d+)"')


# One office's crowd, in the order simulated users arrive: more case workers than anyone,
# trainers taking registers, legal and psychology, the coordinator. Any number of users
# gets the same mix; at 50, no account is used by more than two users at once.
PATTERN = ("case_worker", "trainer", "case_worker", "legal_advisor", "case_worker",
           "psychologist", "case_worker", "trainer", "case_worker", "coordinator",
           "case_worker", "trainer", "case_worker", "legal_advisor", "case_worker",
           "psychologist", "case_worker", "trainer", "case_worker", "legal_advisor",
           "case_worker", "psychologist", "case_worker", "trainer", "case_worker")


def _order(accounts, length=200):
    by_role = {}
    for account in accounts:
        by_role.setdefault(account["role"], []).append(account)
    seen = dict.fromkeys(by_role, 0)
    order = []
    for role in itertools.islice(itertools.cycle(PATTERN), length):
        if by_role.get(role):
            order.append(by_role[role][seen[role] % len(by_role[role])])
            seen[role] += 1
    return order


ORDER = _order(PLAN["accounts"])
NEXT = itertools.count()
LAST_STEP: dict[str, int] = {}  # username -> TOTP step last used (one process: gevent)
SIGNED_IN: set[int] = set()
CLAIMED: set[int] = set()  # sessions taken by one simulated user
ATTEMPTS: list[dict] = []  # every register save: session, marks, acknowledged or not
STATUS_LOG: list[tuple[float, str, str]] = []  # (time, request name, status or error)


@events.request.add_listener
def _log(request_type, name, response, exception, **kwargs):
    status = str(response.status_code) if response is not None and response.status_code else "-"
    if exception is not None and status in ("-", "0"):
        status = type(exception).__name__
    STATUS_LOG.append((time.time(), name, status))


@events.test_stop.add_listener
def _write(**kwargs):
    if ACKS_PATH:
        Path(ACKS_PATH).write_text(json.dumps({"attempts": ATTEMPTS, "statuses": STATUS_LOG}))


def _url(response):
    """The final URL without its query string; empty when the request never got an answer
    (a refused or reset connection: status 0, no URL)."""
    return (response.url or "").split("?")[0]


class Staff(HttpUser):
    def wait_time(self):
        return random.uniform(*WAIT)

    def on_start(self):
        self.account = ORDER[next(NEXT) % len(ORDER)]
        self.role = self.account["role"]
        self.sessions = []
        pool = self.account["sessions"]
        for pk in pool:
            if pk not in CLAIMED and len(self.sessions) < 15:
                CLAIMED.add(pk)
                self.sessions.append(pk)
        self.rosters: dict[int, list[int]] = {}
        self.sign_in()

    # --- sign-in: password, then the TOTP code -----------------------------------------
    def _token(self, html):
        found = TOKEN.search(html)
        return found.group(1) if found else ""

    def sign_in(self):
        """Until it works: during a database outage the sign-in itself answers 503."""
        while not self._sign_in_once():
            gevent.sleep(2)
        SIGNED_IN.add(id(self))
        if READY_PATH and len(SIGNED_IN) >= USERS:
            Path(READY_PATH).write_text(str(time.time()))

    def _sign_in_once(self) -> bool:
        username = self.account["username"]
        self.client.cookies.clear()
        self.csrf = ""  # a new session, a new CSRF secret
        page = self.client.get("/accounts/login/", name="sign-in: form")
        if page.status_code != 200:
            return False
        with self.client.post("/accounts/login/", name="sign-in: password", data={
            "csrfmiddlewaretoken": self._token(page.text), "login": username,
            "password": PLAN["password"]}, headers={"Referer": page.url},
                catch_response=True) as response:
            if response.status_code != 200 or "/2fa/authenticate/" not in _url(response):
                response.failure(f"status {response.status_code} at {_url(response)}")
                return False
        # One code per account per 30 s (replay protection): wait for a step nobody used
        # yet, with at least 10 s of it left, so that a slow answer still falls within it.
        while (totp.counter() <= LAST_STEP.get(username, -1)
               or totp.PERIOD - time.time() % totp.PERIOD < 10):
            gevent.sleep(0.5)
        step = totp.counter()
        LAST_STEP[username] = step
        with self.client.post(response.url, name="sign-in: TOTP code", data={
            "csrfmiddlewaretoken": self._token(response.text),
            "code": totp.code(totp.secret(PLAN["seed"], username), step)},
                headers={"Referer": response.url}, catch_response=True) as done:
            if done.status_code == 200 and "/accounts/" not in _url(done):
                done.success()
                return True
            done.failure(f"status {done.status_code} at {_url(done)}")
        return False

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/accounts/login/" in _url(response):
                response.failure("signed out")
                self.sign_in()
            elif response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif not self.csrf and response.text:
                self.csrf = self._token(response.text)
            return response

    # --- what staff do -------------------------------------------------------------------
    def list_page(self):
        pages = self.account["pages"]
        if random.random() < 0.6:
            self.get(f"/clients/?page={random.randint(1, min(3, pages))}",
                     "clients: list, pages 1-3")
        else:
            self.get(f"/clients/?page={random.randint(1, pages)}", "clients: list, any page")

    def client_page(self):
        if self.account["client_ids"]:
            pk = random.choice(self.account["client_ids"])
            self.get(f"/clients/{pk}/", "clients: client page")

    def search(self, text, name):
        """As a browser does: the list's form posts the text (it never goes into a URL), the
        answer redirects to the list with a token for it; one entry with both requests' time.
        The form's CSRF token is the one of the last page that had a form (valid for the
        whole session); a user that has none yet reads the list first."""
        if not self.csrf:
            self.get("/clients/", "clients: list, pages 1-3")
        with self.client.post("/clients/", name=name, data={
                "q": text, "csrfmiddlewaretoken": self.csrf}, headers={"Referer": self.host},
                catch_response=True) as response:
            if "/accounts/login/" in _url(response):
                response.failure("signed out")
                self.sign_in()
            elif response.status_code != 200 or "s=" not in (response.url or ""):
                response.failure(f"status {response.status_code}")

    def search_code(self):
        if self.account["codes"]:
            self.search(random.choice(self.account["codes"]), "clients: search by code")

    def search_name(self):
        self.search(random.choice(PLAN["surnames"]), "clients: search by name")

    def certificate(self):
        if self.account["certificates"]:
            pk = random.choice(self.account["certificates"])
            self.get(f"/programme/enrolments/{pk}/certificate.pdf", "PDF: certificate")

    def attendance_sheet(self):
        if self.sessions:
            self.get(f"/programme/sessions/{random.choice(self.sessions)}/attendance.pdf",
                     "PDF: attendance list")

    def home(self):
        self.get("/", "home")

    def my_sessions(self):
        self.get("/programme/sessions/", "programme: my sessions")

    def save_register(self):
        """The register page, then Save with a mark for everyone on it."""
        if not self.sessions:
            return
        pk = random.choice(self.sessions)
        page = self.get(f"/programme/sessions/{pk}/register/", "programme: register")
        if page.status_code != 200:
            return
        roster = sorted({int(x) for x in MARK.findall(page.text)})
        if not roster:
            return
        marks = {str(client): random.choice(STATUSES) for client in roster}
        attempt = {"session": pk, "marks": marks, "acked": False, "t": time.time()}
        ATTEMPTS.append(attempt)
        data = {f"mark-{client}": status for client, status in marks.items()}
        data["csrfmiddlewaretoken"] = self._token(page.text)
        with self.client.post(f"/programme/sessions/{pk}/register/", data=data,
                              name="programme: save attendance", allow_redirects=False,
                              headers={"Referer": page.url}, catch_response=True) as response:
            attempt["status"] = response.status_code
            if response.status_code == 302 and "/register/" in response.headers.get("Location", ""):
                attempt["acked"] = True
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        attempt["done"] = time.time()

    MIX = {
        "case_worker": {"list_page": 35, "client_page": 30, "search_code": 10, "search_name": 5,
                        "certificate": 2, "home": 8},
        "legal_advisor": {"list_page": 40, "client_page": 40, "search_code": 10, "home": 10},
        "psychologist": {"list_page": 40, "client_page": 40, "search_code": 10, "home": 10},
        "trainer": {"my_sessions": 15, "save_register": 40, "attendance_sheet": 3, "home": 5},
        "coordinator": {"list_page": 35, "client_page": 25, "search_code": 8, "search_name": 4,
                        "save_register": 15, "attendance_sheet": 2, "certificate": 1, "home": 5},
    }

    @task
    def work(self):
        mix = self.MIX.get(self.role, self.MIX["legal_advisor"])
        action = random.choices(list(mix), weights=list(mix.values()))[0]
        getattr(self, action)()
