"""A real OpenID provider for the tests: node-oidc-provider (OpenID Certified), started by tests/oidc_provider/
provider.mjs on 127.0.0.1 at a free port, stopped after. Nothing of the protocol is mocked: Toegang's client talks to
it over HTTP as it would to the municipality's IdP, and a test logs in at its login form like a person would.

Without Node.js or the provider's packages (`make install` runs `npm ci` in tests/oidc_provider) the tests that need
it are skipped with the reason, unless TOEGANG_REQUIRE_OIDC_PROVIDER=1 (CI), where that fails the run.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from toegang.accounts import oidc

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "toegang"
CLIENT_SECRET = "toegang-test-client-secret-niet-geheim"
SCOPES = "openid profile email groups"
IDP_NAME = "Gemeente Demodam"
CALLBACK = "/inloggen/idp/terug/"
PASSWORD = "idp-wachtwoord"


def unavailable() -> str:
    """Why the provider cannot run here ('' when it can)."""
    node = os.environ.get("TOEGANG_NODE") or shutil.which("node")
    if not node:
        return "Node.js not found (apt-get install nodejs npm): the OpenID provider of the tests cannot run"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return "tests/oidc_provider/node_modules missing: run `make install` (npm ci in tests/oidc_provider)"
    return ""


def require_provider() -> str:
    reason = unavailable()
    if reason:
        if os.environ.get("TOEGANG_REQUIRE_OIDC_PROVIDER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return os.environ.get("TOEGANG_NODE") or shutil.which("node")


def account(*, name: str, groups: list[str], username: str | None = None, email: str = "", amr=None,
            acr: str = "") -> dict:
    given, _, family = name.partition(" ")
    claims = {"name": name, "given_name": given, "family_name": family, "groups": groups}
    if username:
        claims["preferred_username"] = username
    if email:
        claims["email"], claims["email_verified"] = email, True
    entry = {"password": PASSWORD, "claims": claims, "amr": amr or ["pwd"]}
    if acr:
        entry["acr"] = acr
    return entry


@dataclass
class Provider:
    issuer: str
    kid: str
    accounts_file: Path
    accounts: dict = field(default_factory=dict)

    def set_accounts(self, accounts: dict) -> None:
        """The IdP's accounts from now on (it reads the file at every login and claims request)."""
        self.accounts = accounts
        self.accounts_file.write_text(json.dumps(accounts))

    def change(self, sub: str, **claims) -> None:
        self.accounts[sub]["claims"].update(claims)
        self.set_accounts(self.accounts)

    def jwks(self) -> dict:
        return requests.get(f"{self.issuer}/jwks", timeout=5).json()


@contextmanager
def running_provider(tmp_path: Path, base_urls: list[str]):
    """The provider, with Toegang registered as a confidential client whose callback is at each of `base_urls`."""
    node = require_provider()
    accounts_file = tmp_path / "accounts.json"
    accounts_file.write_text("{}")
    config = tmp_path / "provider.json"
    config.write_text(json.dumps({"accounts": str(accounts_file), "clients": [{
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{base}{CALLBACK}" for base in base_urls],
        "post_logout_redirect_uris": [f"{base}/inloggen/" for base in base_urls],
        "token_endpoint_auth_method": "client_secret_post",
    }]}))
    log = (tmp_path / "provider.log").open("w")
    process = subprocess.Popen([node, str(PROVIDER_DIR / "provider.mjs"), str(config)], cwd=PROVIDER_DIR,
                               stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        # its first line says where it listens; a cold start beside the other suite and the browsers took more than
        # 15 s once (every test of the SQLite run waited out its provider), so up to a minute
        ready, _, _ = select.select([process.stdout], [], [], 60)
        first = process.stdout.readline() if ready else ""
        if not first:
            raise RuntimeError(f"the OpenID provider did not start: {(tmp_path / 'provider.log').read_text()}")
        started = json.loads(first)
        deadline = time.monotonic() + 15
        while True:  # until its discovery document answers
            try:
                if requests.get(f"{started['issuer']}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the OpenID provider's discovery document did not answer within 15 seconds")
            time.sleep(0.1)
        yield Provider(issuer=started["issuer"], kid=started["kid"], accounts_file=accounts_file)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def use_provider(settings, provider: Provider, *, base_url: str = "http://testserver") -> None:
    """Toegang configured for this IdP (as the TOEGANG_OIDC_* environment variables would)."""
    settings.TOEGANG_OIDC_ISSUER = provider.issuer
    settings.TOEGANG_OIDC_NAME = IDP_NAME
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = SCOPES
    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "form-action": ["'self'", provider.issuer]}
    settings.CONTENT_SECURITY_POLICY = policy
    oidc.forget_discovery()


class AtTheIdp:
    """A person's browser at the IdP (its own cookies), following its redirects up to the way back to Toegang."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.browser = requests.Session()

    def follow(self, url: str, response=None) -> str:
        """Follow the IdP's redirects from `url`; the address it sends the browser to outside the IdP."""
        while url.startswith(self.provider.issuer):
            response = self.browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (302, 303):
                self.page = response
                return ""
            url = response.headers["Location"]
            if url.startswith("/"):
                url = f"{self.provider.issuer}{url}"
        return url

    def log_in(self, authorize_url: str, username: str, password: str = PASSWORD) -> str:
        """From Toegang's redirect to the authorization endpoint through the login form; the callback address."""
        assert self.follow(authorize_url) == "", "the IdP should show its login form"
        form_page = self.page
        assert form_page.status_code == 200 and "Gebruikersnaam" in form_page.text, form_page.text[:500]
        uid = urlsplit(form_page.url).path.split("/")[2]
        answer = self.browser.post(f"{self.provider.issuer}/interaction/{uid}/login",
                                   data={"username": username, "password": password}, allow_redirects=False,
                                   timeout=10)
        assert answer.status_code == 303, answer.text[:500]
        return self.follow(f"{self.provider.issuer}{answer.headers['Location']}"
                           if answer.headers["Location"].startswith("/") else answer.headers["Location"])
