"""Headers for pages with personal data (issue 13, item 5; docs/security.md): a Content-Security-Policy without inline
script or style, Permissions-Policy, Referrer-Policy, nosniff, no framing and `Cache-Control: no-store` on every page,
API answer, letter and document download; HTTPS-only settings that `check --deploy` finds clean in production."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory

from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.headers import PrivateResponseHeaders
from toegang.provisions import actions as provision_actions

from .document_samples import pdf_bytes
from .factories import api_key
from .provisions_support import case_with_goal, data

SRC = Path(__file__).resolve().parent.parent / "src" / "toegang"

SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "display-capture")


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def cache_directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private_headers(response):
    """Every header of a response that may carry personal data."""
    assert policy(response) == SITE_POLICY
    permissions = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions, feature
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in cache_directives(response) and "public" not in cache_directives(response)
    assert response["Pragma"] == "no-cache"


@pytest.fixture
def decided(profile, staff, actor_of):
    """A case directed by the generalist, an indication decided by the process director (its letter rendered)."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    besluit = provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                             outcome="toegekend", reasons="Dit helpt het gezin.")
    return casus, besluit


# --- every kind of answer that carries personal data ------------------------------------------------------------


def test_case_and_household_pages(decided, client_for):
    casus, _ = decided
    client = client_for("generalist")
    for url in (f"/casussen/{casus.pk}/", f"/huishoudens/{casus.household_id}/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private_headers(response)


def test_an_htmx_fragment_and_the_error_pages(client_for, profile):
    client = client_for("balie")
    fragment = client.get("/zoeken/?naam=jansen", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert_private_headers(fragment)
    missing = client.get("/huishoudens/999999/")
    assert missing.status_code == 404
    assert_private_headers(missing)
    assert_private_headers(Client().get("/inloggen/"))  # the login page (Django's never_cache) says no-store too


def test_api_answers_also_problems(profile, staff):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_key(staff['balie'])}")
    listed = client.get("/api/v1/huishoudens")
    assert listed.status_code == 200 and listed["Content-Type"] == "application/json"
    assert_private_headers(listed)
    unknown = client.get("/api/v1/huishoudens/999999")  # written as problem+json above the view
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    assert_private_headers(unknown)
    assert_private_headers(Client().get("/api/v1/inwoners"))  # 401 before any view ran


def test_decision_letter_page_api_and_plan_pdf(decided, client_for, staff):
    casus, besluit = decided
    regie = client_for("procesregisseur")
    letter = regie.get(f"/besluiten/{besluit.pk}/brief.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert_private_headers(letter)
    api_letter = Client(HTTP_AUTHORIZATION=f"Bearer {api_key(staff['backoffice'])}").get(
        f"/api/v1/besluiten/{besluit.pk}/brief")
    assert api_letter.status_code == 200 and api_letter["Content-Type"] == "application/pdf"
    assert_private_headers(api_letter)
    plan = client_for("generalist").get(f"/casussen/{casus.pk}/plan/pdf/")
    assert plan.status_code == 200 and plan["Content-Type"] == "application/pdf"
    assert_private_headers(plan)


def test_document_download(profile, staff, client_for):
    casus, *_ = case_with_goal(staff["generalist"])
    document = case_actions.check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag school",
                                               upload=SimpleUploadedFile("verslag.pdf", pdf_bytes()))
    download = client_for("generalist").get(f"/casussen/{casus.pk}/documenten/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith("attachment")
    assert_private_headers(download)


def test_static_files_keep_their_public_cache(client):
    response = client.get("/static/toegang.css")
    assert response.status_code == 200
    assert "public" in cache_directives(response) and "no-store" not in cache_directives(response)
    assert "Pragma" not in response and "camera=()" in response["Permissions-Policy"]


def test_a_view_that_chose_a_public_cache_keeps_it_any_other_gets_no_store():
    def answer(cache_control):
        def view(request):
            response = HttpResponse("x")
            if cache_control:
                response["Cache-Control"] = cache_control
            return response

        return PrivateResponseHeaders(view)(RequestFactory().get("/sociale-kaart/"))

    public = answer("public, max-age=600")
    assert public["Cache-Control"] == "public, max-age=600" and "Pragma" not in public
    private = answer("private, max-age=600")
    assert "no-store" in cache_directives(private) and private["Pragma"] == "no-cache"
    assert answer(None)["Cache-Control"] == "no-store"


# --- the API docs page runs under the same policy --------------------------------------------------------------


def test_api_docs_page_has_no_inline_script_or_style(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200 and policy(page) == SITE_POLICY
    html = page.content.decode()
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "swagger-ui-bundle.js" in html and "api-docs.css" in html
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode() and "/api/v1/schema/" in script.content.decode()


# --- no template brings inline script or style ----------------------------------------------------------------

# Rendered only into PDF by WeasyPrint (never sent to a browser as HTML), where no CSP applies: their <style> stays.
PDF_ONLY_TEMPLATES = {
    "plans/templates/plans/plan_pdf.html",
    "provisions/templates/provisions/letter.html",
    "provisions/templates/provisions/resident_letter.html",
}
# style attributes and elements, event handler attributes, hx-on (htmx evaluates it as code, which the policy and
# htmx's allowEval false in ui/base.html refuse), javascript: links, and a <script> without src.
INLINE = re.compile(
    r"""\sstyle\s*=|<style\b|\son[a-z]+\s*=|\shx-on|javascript:|<script(?![^>]*\bsrc=)[^>]*>""", re.IGNORECASE)
COMMENT = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", re.DOTALL)


def without_comments(text: str) -> str:
    """The template with its Django comments blanked out, line numbers kept."""
    return COMMENT.sub(lambda found: "\n" * found.group(0).count("\n"), text)


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        relative = path.relative_to(SRC).as_posix()
        if relative in PDF_ONLY_TEMPLATES or "/letters/" in relative:  # provisions/letters/*: parts of the PDF letters
            continue
        for number, line in enumerate(without_comments(path.read_text(encoding="utf-8")).splitlines(), start=1):
            if INLINE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()[:120]}")
    assert not offenders, "inline script/style is refused by the CSP (docs/security.md):\n" + "\n".join(offenders)


def test_the_pdf_only_templates_are_rendered_by_weasyprint_only():
    """The exemption above holds only while no page renders these templates as HTML."""
    users = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("plans/plan_pdf.html", "provisions/letter.html", "provisions/resident_letter.html"):
            if name in text:
                users.setdefault(name, set()).add(path.relative_to(SRC).as_posix())
    assert users, "the PDF templates are no longer referred to: update PDF_ONLY_TEMPLATES"
    for name, modules in users.items():
        for module in modules:
            text = (SRC / module).read_text(encoding="utf-8")
            assert "weasyprint" in text, f"{module} uses {name} but does not render it to PDF"


# --- production: HTTPS only, and Django's deployment check is clean -----------------------------------------------


def production_env(**extra) -> dict[str, str]:
    """What production.py needs to start: a real secret key (Django's check wants 50+ varied characters), the audit
    key outside the database, a database address and the host name."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "toegang.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
            "TOEGANG_AUDIT_KEY": secrets.token_urlsafe(40), "DATABASE_URL": "postgres://toegang@127.0.0.1:5432/toegang",
            "ALLOWED_HOSTS": "toegang.example", **extra}


def check_deploy(env):
    return subprocess.run([sys.executable, "-m", "toegang", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production():
    result = check_deploy(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    # two silenced, each with its reason in the settings: security.W021, HSTS preload, the municipality's decision
    # (production.py); axes.W006, throttling by username and not by address (base.py)
    assert "System check identified no issues (2 silenced)." in result.stdout, result.stdout + result.stderr


def test_check_deploy_with_preload_silences_only_the_throttling_choice():
    result = check_deploy(production_env(TOEGANG_HSTS_PRELOAD="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout, result.stdout + result.stderr


PRODUCTION_REQUESTS = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/inloggen/", HTTP_HOST="toegang.example")
health = client.get("/healthz", HTTP_HOST="toegang.example")
secure = client.get("/inloggen/", HTTP_HOST="toegang.example", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "health": [health.status_code, health.get("Location"), health.get("Cache-Control")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security"), secure.get("Cache-Control")],
    "cookies": {name: {key: morsel[key] for key in ("secure", "httponly", "samesite")}
                for name, morsel in secure.cookies.items()},
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
}))
"""


def test_production_redirects_to_https_sends_hsts_and_secure_cookies(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'toegang.sqlite3'}",
                         TOEGANG_STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", PRODUCTION_REQUESTS], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://toegang.example/inloggen/"]
    status, location, cache = answers["health"]
    assert status == 200 and location is None and "no-store" in cache  # the load balancer's probe over plain HTTP
    status, hsts, cache = answers["secure"]
    assert status == 200 and hsts == "max-age=31536000; includeSubDomains" and "no-store" in cache
    assert answers["cookies"]["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert answers["silenced"] == ["axes.W006", "security.W021"]
