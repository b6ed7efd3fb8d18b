"""Response headers for pages with personal data (issue 13, item 5). docs/security.md explains each one.

- `Cache-Control: no-store` (and `Pragma: no-cache` for HTTP/1.0 caches) on every response except static files and
  a response whose view chose a public cache policy itself: pages, API answers, decision letters, plans and case
  documents hold personal data and special categories of it (health, youth care), which no browser cache, proxy or
  shared computer at a front desk may keep. BIO 14.1.2 (application services on public networks) and 18.1.4 (privacy
  and protection of personal data); OWASP ASVS 4.0 V8.2.1 ("sufficient anti-caching headers so that sensitive data
  is not cached in modern browsers").
- `Permissions-Policy`: Toegang uses no camera, microphone, location, payment, USB or other powerful browser feature;
  denying them all means a script that ever slips in cannot use them either (OWASP Secure Headers Project).

The Content-Security-Policy comes from django-csp (settings CONTENT_SECURITY_POLICY); Referrer-Policy,
X-Content-Type-Options and the HSTS header from Django's SecurityMiddleware; X-Frame-Options from Django's
XFrameOptionsMiddleware. This middleware sits first in MIDDLEWARE (after only the request id and timing of
toegang.core.observability), so it also marks the answers that the middleware below it writes itself (problem+json
of the API, refused requests, error pages).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control

# Only features Chromium knows (tests/browser/test_content_security_policy.py reads its console): an unknown name, such as
# `bluetooth` or the withdrawn `interest-cohort`, makes it log an error on every page.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation",
    "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
))


def cache_directives(response) -> set[str]:
    return {part.strip().split("=", 1)[0].lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def is_static(request) -> bool:
    return bool(settings.STATIC_URL) and request.path_info.startswith(settings.STATIC_URL)


class PrivateResponseHeaders:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_static(request) or "public" in cache_directives(response):
            return response  # the stylesheets and scripts (WhiteNoise), or a view that chose to be cached
        # no-store replaces what a view may have said (Django's never_cache: no-cache, must-revalidate, private,
        # max-age=0); the other directives are kept, they do not weaken it.
        patch_cache_control(response, no_store=True)
        response["Pragma"] = "no-cache"
        return response
