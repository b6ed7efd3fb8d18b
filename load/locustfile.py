"""The load test's staff: demo roles that log in through the login page and work as people do (docs/operations.md
"Belasting meten"). Started by load/run.py (`make load`), which passes:

  LOAD_SAMPLES     a JSON file with surnames and BSNs to search for (drawn from the load database)
  LOAD_API_TOKEN   an API key of the demo generalist, for the API lists
  LOAD_SECONDS     the measured window: it starts when every user has logged in (the statistics are reset then,
                   so the password hashing of 50 logins does not count as page time) and ends the run
  LOAD_MARKER      a file this writes the window's start and end times to, for the CPU sampling
  LOAD_WAIT_MIN, LOAD_WAIT_MAX  seconds a user waits between requests (default 0.1-0.3: a busy afternoon, compressed)

Every user logs in once with the demo password, then follows the links the pages show it (households, cases,
meldingen found on Mijn werk, the werkbak and search results), so each role only asks for what it may see. About
9% of the requests (5% the POSTs) write through the real forms with the CSRF token: registering a melding (balie, generalist)
and a note on a case (who manages the case).
"""

import json
import os
import random
import re
import time
import uuid
from http.cookiejar import DefaultCookiePolicy

import gevent
from locust import HttpUser, between, events, task

SAMPLES = json.loads(open(os.environ["LOAD_SAMPLES"]).read()) if os.environ.get("LOAD_SAMPLES") else {}
API_TOKEN = os.environ.get("LOAD_API_TOKEN", "")
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-toegang")
SECONDS = float(os.environ.get("LOAD_SECONDS", 60))
MARKER = os.environ.get("LOAD_MARKER", "")
# The mix of roles among the users: the social teams' generalists most, then the front desk, team leads, directors.
ROLES = ["generalist"] * 5 + ["balie"] * 3 + ["teamleider"] + ["procesregisseur"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GEMEENTE = re.compile(r'name="gemeente".*?</select>', re.S)  # the resident's gemeente is the one selected
SELECTED = re.compile(r'<option value="(\d+)"[^>]*selected')
OPTION = re.compile(r'<option value="(\d+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]*)"')
LINKS = {kind: re.compile(rf'href="/{path}/(\d+)/"') for kind, path in
         (("household", "huishoudens"), ("case", "casussen"), ("melding", "meldingen"), ("resident", "inwoners"))}
logged_in = 0


# Production settings mark the session and CSRF cookies Secure; the load test talks plain HTTP to 127.0.0.1 (TLS is the
# proxy's work), so this load generator sends them anyway. For the whole process: requests copies every session's
# cookies into a jar of the default policy before each request.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class Medewerker(HttpUser):
    wait_time = between(float(os.environ.get("LOAD_WAIT_MIN", 0.1)), float(os.environ.get("LOAD_WAIT_MAX", 0.3)))

    def on_start(self):
        global logged_in
        self.role = ROLES[random.randrange(len(ROLES))]
        self.seen = {kind: [] for kind in LINKS}
        page = self.client.get("/inloggen/", name="inloggen (formulier)")
        answer = self.client.post("/inloggen/", name="inloggen", data={
            "username": self.role, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf(page.text)})
        if answer.status_code != 200 or "/inloggen/" in answer.url:
            raise RuntimeError(f"inloggen als {self.role} mislukt: {answer.status_code} {answer.url}")
        self._learn(answer.text)
        self._learn(self.client.get("/werkbak/", name="werkbak").text)
        logged_in += 1
        if logged_in == self.environment.parsed_options.num_users:
            self._start_window()

    def _start_window(self):
        """Every user is in: measure from now, for LOAD_SECONDS."""
        self.environment.runner.stats.reset_all()
        started = time.time()
        if MARKER:
            with open(MARKER, "w") as marker:
                json.dump({"start": started}, marker)

        def stop():
            if MARKER:
                with open(MARKER, "w") as marker:
                    json.dump({"start": started, "end": time.time()}, marker)
            self.environment.runner.quit()

        gevent.spawn_later(SECONDS, stop)

    def _csrf(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")

    def _learn(self, html: str):
        for kind, pattern in LINKS.items():
            for pk in pattern.findall(html):
                if pk not in self.seen[kind]:
                    self.seen[kind].append(pk)
                    del self.seen[kind][:-200]

    def _some(self, kind: str) -> str | None:
        return random.choice(self.seen[kind]) if self.seen[kind] else None

    # --- reading: worklists, search, households, cases ---

    @task(14)
    def mijn_werk(self):
        self._learn(self.client.get("/", name="mijn werk").text)

    @task(9)
    def werkbak(self):
        self._learn(self.client.get("/werkbak/", name="werkbak").text)

    @task(10)
    def zoeken_op_naam(self):
        if SAMPLES.get("names"):
            name = random.choice(SAMPLES["names"])
            self._learn(self.client.get(f"/zoeken/?naam={name}", name="zoeken op naam").text)

    @task(5)
    def zoeken_op_bsn(self):
        if SAMPLES.get("bsns"):
            self._learn(self.client.get(f"/zoeken/?bsn={random.choice(SAMPLES['bsns'])}", name="zoeken op BSN").text)

    @task(12)
    def huishouden(self):
        if pk := self._some("household"):
            self._learn(self.client.get(f"/huishoudens/{pk}/", name="huishouden").text)

    @task(9)
    def casus(self):
        if pk := self._some("case"):
            self._learn(self.client.get(f"/casussen/{pk}/", name="casus").text)

    @task(4)
    def plan(self):
        if pk := self._some("case"):
            self.client.get(f"/casussen/{pk}/plan/", name="plan")

    @task(6)
    def melding(self):
        if pk := self._some("melding"):
            self._learn(self.client.get(f"/meldingen/{pk}/", name="melding").text)

    @task(9)
    def api_lijsten(self):
        if API_TOKEN:
            path = random.choice(["meldingen", "casussen", "huishoudens"])
            self.client.get(f"/api/v1/{path}", name=f"API {path}", headers={"Authorization": f"Bearer {API_TOKEN}"})

    # --- writing, through the forms (about 9% of the requests measured: the GET of the form or page and the POST) ---

    @task(4)
    def melding_registreren(self):
        if self.role not in ("balie", "generalist") or not (pk := self._some("resident")):
            return
        form = self.client.get(f"/meldingen/nieuw/?inwoner={pk}", name="melding registreren (formulier)")
        if form.status_code != 200:
            return
        select = GEMEENTE.search(form.text)
        gemeente = select and (SELECTED.search(select.group(0)) or OPTION.search(select.group(0)))
        key = IDEMPOTENCY.search(form.text)
        with self.client.post("/meldingen/nieuw/", name="melding registreren", catch_response=True, data={
                "csrfmiddlewaretoken": self._csrf(form.text), "inwoner": pk, "persons": [pk],
                "gemeente": gemeente.group(1) if gemeente else "", "received_at": time.strftime("%Y-%m-%dT%H:%M"),
                "channel": "telefoon", "source": "zelf", "question": "Belastingtest: hulp bij het huishouden",
                "laws": ["wmo"], "urgency": "regulier", "attach_to_open_case": "on",
                "idempotency_key": key.group(1) if key and key.group(1) else uuid.uuid4().hex}) as answer:
            if answer.status_code == 200 and "/meldingen/nieuw/" not in answer.url:
                answer.success()
            elif answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
            else:
                answer.failure("formulier kwam terug")

    @task(3)
    def notitie(self):
        if self.role not in ("generalist", "procesregisseur") or not (pk := self._some("case")):
            return
        page = self.client.get(f"/casussen/{pk}/", name="casus")
        if f'action="/casussen/{pk}/notitie/"' not in page.text:
            return  # not this user's case to write in
        self.client.post(f"/casussen/{pk}/notitie/", name="notitie vastleggen", data={
            "csrfmiddlewaretoken": self._csrf(page.text), "text": "Belastingtest: telefonisch contact gehad."})


@events.quitting.add_listener
def _(environment, **kwargs):
    if environment.stats.total.num_requests == 0:
        environment.process_exit_code = 1
