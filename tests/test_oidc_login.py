"""Logging in through the municipality's identity provider (issue 13, item 1; docs/security.md), against a real
OpenID provider on loopback (node-oidc-provider, tests/oidc_support.py): the authorization code flow with PKCE, the
staff member made and their roles following the IdP's groups as the profile maps them (profiles/demo.yaml,
`identiteit`), roles granted by hand kept, refusals on a Dutch page, the ID token's signature really checked, the
second factor of the IdP trusted only when configured, logging out there too."""

import base64
import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import time_machine
from axes.models import AccessAttempt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.utils import timezone

from toegang.accounts.actions import check_grant_role
from toegang.accounts.models import Gemeente, Medewerker, Role, RoleAssignment
from toegang.accounts.oidc import IdentityProviderBackend
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM

from .oidc_support import CALLBACK, CLIENT_SECRET, IDP_NAME, AtTheIdp, account, running_provider, use_provider

IDP = "identiteitsprovider"
START = "/inloggen/idp/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), ["http://testserver"]) as running:
        yield running


@pytest.fixture
def idp(provider, settings, profile):
    use_provider(settings, provider)
    provider.set_accounts({
        "ria-sub": account(name="Ria van Dijk", username="ria", email="ria@demodam.example",
                           groups=["sd-balie", "sd-generalist-demodam", "een-groep-van-iets-anders"]),
        "kees-sub": account(name="Kees Onbekend", username="kees", groups=["personeelsvereniging"]),
        "mfa-sub": account(name="Mira Factor", username="mira", groups=["sd-generalist-demodam"], amr=["pwd", "mfa"]),
        "acr-sub": account(name="Aart Niveau", username="aart", groups=["sd-generalist-demodam"],
                           acr="urn:toegang:test:loa:substantieel"),
        "balie-sub": account(name="Bea Balie", username="balie", groups=["sd-backoffice"]),
        "other-balie": account(name="Bert Balie", username="balie", groups=["sd-balie"]),
    })
    return provider


def start(client, next_url=""):
    answer = client.get(START + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert answer.status_code == 302, answer.content[:300]
    return answer["Location"]


def back_from_idp(client, idp, username, *, at_idp=None, next_url=""):
    """Through the IdP's login form; the address it sends the browser back to (not yet opened)."""
    back = (at_idp or AtTheIdp(idp)).log_in(start(client, next_url), username)
    assert back.startswith(f"http://testserver{CALLBACK}?"), back
    return back.removeprefix("http://testserver")


def log_in(client, idp, username, **kwargs):
    return client.get(back_from_idp(client, idp, username, **kwargs))


def roles_of(username):
    return {(a.gemeente.cbs_code, a.role.code, a.source) for a in
            RoleAssignment.objects.filter(medewerker__username=username).select_related("gemeente", "role")}


def events_of(username):
    user = Medewerker.objects.get(username=username)
    return [(row.event, row.actor_label) for row in ChangeLog.objects.filter(object_type="accounts.medewerker",
                                                                           object_id=str(user.pk)).order_by("seq")]


def refused(answer, text):
    page = answer.content.decode()
    assert answer.status_code == 403, page[:500]
    assert f"Inloggen via {IDP_NAME} niet gelukt" in page and text in page, page
    assert "_auth_user_id" not in Client().session.keys()


def logged_out(client):
    assert client.get("/")["Location"].startswith("/inloggen/")


# --- the login page -------------------------------------------------------------------------------------------


def test_without_an_idp_only_the_form_and_no_idp_pages(client, profile):
    page = client.get("/inloggen/").content.decode()
    assert "Inloggen via" not in page and 'name="password"' in page
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404


def test_the_button_beside_the_form_and_only_the_button_without_local_passwords(client, idp, settings, staff):
    page = client.get("/inloggen/?next=/zoeken/").content.decode()
    assert f"Inloggen via {IDP_NAME}" in page and 'href="/inloggen/idp/?next=/zoeken/"' in page
    assert 'name="password"' in page

    settings.TOEGANG_LOCAL_LOGIN = False
    page = client.get("/inloggen/").content.decode()
    assert f"Inloggen via {IDP_NAME}" in page and 'name="password"' not in page
    answer = client.post("/inloggen/", {"username": "balie", "password": "geheim-wachtwoord"})
    assert answer.status_code == 403 and "Inloggen met een wachtwoord staat uit" in answer.content.decode()
    logged_out(client)


# --- first login, roles following the groups --------------------------------------------------------------------


def test_first_login_makes_the_staff_member_with_the_mapped_roles(client, idp):
    authorize = start(client, next_url="/zoeken/")
    params = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{idp.issuer}/auth?")
    assert params["response_type"] == ["code"] and params["code_challenge_method"] == ["S256"]
    assert params["state"] and params["nonce"] and params["scope"] == ["openid profile email groups"]

    back = AtTheIdp(idp).log_in(authorize, "ria-sub")
    answer = client.get(back.removeprefix("http://testserver"))
    assert answer.status_code == 302 and answer["Location"] == "/zoeken/"
    assert client.get("/").status_code == 200

    ria = Medewerker.objects.get(username="ria")
    assert (ria.first_name, ria.last_name, ria.email, ria.oidc_subject) == ("Ria", "van Dijk", "ria@demodam.example",
                                                                             "ria-sub")
    assert not ria.has_usable_password()
    assert roles_of("ria") == {("9901", "balie", IDP), ("9902", "balie", IDP), ("9901", "generalist", IDP)}
    events = events_of("ria")
    assert events[0] == ("medewerker.aangemaakt", "identiteitsprovider (OpenID Connect)")
    assert [e for e, _ in events].count("medewerker.rol_toegekend") == 3
    grant = ChangeLog.objects.filter(event="medewerker.rol_toegekend", object_id=str(ria.pk)).first()
    assert grant.new["bron"] == IDP
    assert client.session["_auth_user_backend"] == "toegang.accounts.oidc.IdentityProviderBackend"


def test_a_changed_group_changes_the_roles_at_the_next_login_and_keeps_those_by_hand(client, idp, voorbeeldorp):
    log_in(client, idp, "ria-sub")
    ria = Medewerker.objects.get(username="ria")
    # functional administration grants one role by hand, and one the IdP also gives (it becomes a role by hand)
    check_grant_role(actor=SYSTEM, medewerker=ria, gemeente=voorbeeldorp, role=Role.objects.get(code="privacy"))
    check_grant_role(actor=SYSTEM, medewerker=ria, gemeente=Gemeente.objects.get(cbs_code="9901"),
                     role=Role.objects.get(code="generalist"))
    idp.change("ria-sub", groups=["sd-backoffice"], email="ria.vandijk@demodam.example")

    other = Client()
    assert log_in(other, idp, "ria-sub").status_code == 302
    assert roles_of("ria") == {("9901", "backoffice", IDP), ("9902", "backoffice", IDP),
                               ("9902", "privacy", "handmatig"), ("9901", "generalist", "handmatig")}
    revoked = ChangeLog.objects.filter(event="medewerker.rol_ingetrokken", object_id=str(ria.pk))
    assert sorted(row.old["rol"] for row in revoked) == ["balie", "balie"]
    assert {row.old["bron"] for row in revoked} == {IDP}
    assert Medewerker.objects.get(pk=ria.pk).email == "ria.vandijk@demodam.example"
    changed = ChangeLog.objects.get(event="medewerker.gegevens_bijgewerkt", object_id=str(ria.pk))
    assert changed.old == {"e-mail": "ria@demodam.example"} and changed.new == {"e-mail": "ria.vandijk@demodam.example"}

    count = ChangeLog.objects.count()  # nothing changed at the IdP: nothing is logged
    log_in(Client(), idp, "ria-sub")
    assert ChangeLog.objects.count() == count


def test_an_existing_account_is_linked_by_its_username_and_keeps_its_roles(client, idp, staff):
    before = roles_of("balie")
    assert log_in(client, idp, "balie-sub").status_code == 302
    balie = Medewerker.objects.get(username="balie")
    assert balie.oidc_subject == "balie-sub" and balie.pk == staff["balie"].pk
    assert roles_of("balie") == before | {("9901", "backoffice", IDP), ("9902", "backoffice", IDP)}
    assert ("medewerker.idp_gekoppeld", "identiteitsprovider (OpenID Connect)") in events_of("balie")
    # another account at the IdP with the same username cannot take it over
    refused(log_in(Client(), idp, "other-balie"), "al een ander account met deze gebruikersnaam")
    assert Medewerker.objects.get(pk=balie.pk).oidc_subject == "balie-sub"


# --- refusals --------------------------------------------------------------------------------------------------


def test_no_mapped_group_no_account_no_roles_and_a_dutch_page(client, idp):
    refused(log_in(client, idp, "kees-sub"), "geen account voor u")
    assert not Medewerker.objects.filter(username="kees").exists()
    logged_out(client)
    assert "oidc_id_token" not in client.session  # nothing of the refused login stays behind


def test_groups_gone_at_the_idp_take_the_roles_and_the_login(client, idp):
    log_in(client, idp, "ria-sub")
    idp.change("ria-sub", groups=["personeelsvereniging"])
    answer = log_in(Client(), idp, "ria-sub")
    refused(answer, "u hebt in Toegang geen rol")
    assert "Vraag functioneel beheer" in answer.content.decode()
    assert roles_of("ria") == set()
    assert [e for e, _ in events_of("ria")].count("medewerker.rol_ingetrokken") == 3


def test_a_deactivated_account_cannot_log_in_and_nothing_changes(client, idp):
    log_in(client, idp, "ria-sub")
    # deactivated at the database (the staff administration that does it is still to come, issue 13)
    Medewerker.objects.filter(username="ria").update(is_active=False)
    logged_out(client)  # the session it had ends at once
    idp.change("ria-sub", groups=["sd-backoffice"])
    count = ChangeLog.objects.count()
    refused(log_in(Client(), idp, "ria-sub"), "Uw account in Toegang is uitgeschakeld")
    assert ChangeLog.objects.count() == count
    assert {code for _, code, _ in roles_of("ria")} == {"balie", "generalist"}


def test_a_tampered_or_replayed_state_is_refused(client, idp):
    back = back_from_idp(client, idp, "ria-sub")
    query = parse_qs(urlsplit(back).query)
    tampered = f"{CALLBACK}?{urlencode({**{k: v[0] for k, v in query.items()}, 'state': 'x' + query['state'][0]})}"
    refused(client.get(tampered), "niet gelukt of duurde te lang")
    assert not Medewerker.objects.filter(username="ria").exists()
    assert client.get(back).status_code == 302  # the real one still works, once
    logout = Client()
    refused(logout.get(back), "niet gelukt")  # another browser, or the same address again
    assert client.get(back).status_code == 403


def test_a_tampered_nonce_is_refused(client, idp):
    back = back_from_idp(client, idp, "ria-sub")
    session = client.session
    state = parse_qs(urlsplit(back).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "een-andere-nonce"
    session.save()
    refused(client.get(back), "niet gelukt")
    assert not Medewerker.objects.filter(username="ria").exists()


def test_an_idp_error_answer_is_refused(client, idp):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    refused(client.get(f"{CALLBACK}?{urlencode({'error': 'access_denied', 'state': state})}"), "niet gelukt")


# --- the ID token's signature ----------------------------------------------------------------------------------


def _segments(token):
    return [json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in token.split(".")[:2]]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


FORGERIES = {
    # signed with a key the IdP does not publish, under the kid of the key it does
    "untrusted key": lambda header, claims, token: jwt.encode(
        claims, rsa.generate_private_key(public_exponent=65537, key_size=2048), algorithm="RS256",
        headers={"kid": header["kid"]}),
    # the IdP's signature over other claims: someone else's subject
    "altered claims": lambda header, claims, token: ".".join(
        [token.split(".")[0], _b64({**claims, "sub": "balie-sub"}), token.split(".")[2]]),
    "no signature": lambda header, claims, token: ".".join([_b64({"alg": "none", "typ": "JWT"}), _b64(claims), ""]),
    # HS256 under the client secret (algorithm confusion)
    "client secret": lambda header, claims, token: jwt.encode(claims, CLIENT_SECRET, algorithm="HS256",
                                                              headers={"kid": header["kid"]}),
    "other audience": lambda header, claims, token: None,
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_only_an_id_token_signed_by_the_idp_for_toegang_is_accepted(client, idp, monkeypatch, forgery):
    """The real IdP issues the token; on the way to Toegang it is replaced, as an attacker on the path would."""
    real_get_token = IdentityProviderBackend.get_token

    def forged(self, payload):
        answer = real_get_token(self, payload)
        header, claims = _segments(answer["id_token"])
        if forgery == "other audience":  # the IdP's own key, but issued to another client
            monkeypatch.setattr(self, "OIDC_RP_CLIENT_ID", "een-andere-applicatie")
        else:
            answer["id_token"] = FORGERIES[forgery](header, claims, answer["id_token"])
        return answer

    monkeypatch.setattr(IdentityProviderBackend, "get_token", forged)
    refused(log_in(client, idp, "ria-sub"), "niet gelukt")
    assert not Medewerker.objects.filter(username="ria").exists()
    monkeypatch.setattr(IdentityProviderBackend, "get_token", real_get_token)
    assert log_in(Client(), idp, "ria-sub").status_code == 302  # the untouched token works


# --- the second factor, throttling, timeouts, logging out -------------------------------------------------------


@pytest.mark.parametrize(("username", "trust", "asked"), [
    ("ria-sub", True, True),  # the IdP asserted no second factor
    ("mfa-sub", True, False),  # amr: mfa
    ("acr-sub", True, False),  # acr: a level the municipality named
    ("mfa-sub", False, True),  # the IdP's second factor not trusted: Toegang's own
])
def test_the_idps_second_factor_only_when_trusted(client, idp, settings, username, trust, asked):
    settings.TOEGANG_TWO_FACTOR = "verplicht"
    settings.TOEGANG_OIDC_TRUST_MFA = trust
    settings.TOEGANG_OIDC_MFA_ACR = ["urn:toegang:test:loa:substantieel"]
    log_in(client, idp, username)
    answer = client.get("/")
    if asked:
        assert answer.status_code == 302 and answer["Location"].startswith("/tweestapsverificatie/")
    else:
        assert answer.status_code == 200


def test_axes_stays_first_and_records_no_idp_login(client, idp, settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    refused(log_in(client, idp, "kees-sub"), "geen account")
    assert log_in(client, idp, "ria-sub").status_code == 302
    assert AccessAttempt.objects.count() == 0


def test_the_session_timeouts_apply(client, idp, settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    log_in(client, idp, "ria-sub")
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        answer = client.get("/")
    assert answer.status_code == 302 and answer["Location"].startswith("/inloggen/")


def test_logging_out_ends_the_session_here_and_at_the_idp(client, idp):
    at_idp = AtTheIdp(idp)
    log_in(client, idp, "ria-sub", at_idp=at_idp)
    id_token = client.session["oidc_id_token"]
    answer = client.post("/uitloggen/")
    assert answer.status_code == 302
    end_session = urlsplit(answer["Location"])
    params = parse_qs(end_session.query)
    assert answer["Location"].startswith(f"{idp.issuer}/session/end?")
    assert params["id_token_hint"] == [id_token] and params["post_logout_redirect_uri"] == ["http://testserver/inloggen/"]
    logged_out(client)

    confirm = at_idp.browser.get(answer["Location"], timeout=10)  # the IdP asks to confirm
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm.text))
    action = re.search(r'<form [^>]*action="([^"]+)"', confirm.text).group(1)
    done = at_idp.browser.post(action if action.startswith("http") else f"{idp.issuer}{action}",
                               data={**fields, "logout": "yes"}, allow_redirects=False, timeout=10)
    assert at_idp.follow(done.headers["Location"] if done.headers["Location"].startswith("http")
                         else f"{idp.issuer}{done.headers['Location']}") == "http://testserver/inloggen/"
    # the IdP's session is gone too: the next login asks the password again
    assert at_idp.follow(start(Client())) == "" and "Gebruikersnaam" in at_idp.page.text


def test_a_password_session_logs_out_here_only(client, staff):
    client.force_login(staff["balie"])
    answer = client.post("/uitloggen/")
    assert answer.status_code == 302 and answer["Location"] == "/inloggen/"


def test_an_unreachable_idp_is_said_in_dutch(client, idp, settings):
    settings.TOEGANG_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    answer = client.get(START)
    assert answer.status_code == 503 and f"{IDP_NAME} is nu niet bereikbaar" in answer.content.decode()
