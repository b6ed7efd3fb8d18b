"""Dutch is the language of every page whatever the browser asks; another language only when the user chose it in
the language selector (issue 11, point 12)."""

from django.test import Client


def test_dutch_whatever_the_browser_asks_and_english_when_chosen(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/inloggen/")
    assert "Naar de inhoud" in page.content.decode() and page["Content-Language"] == "nl"
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    chosen = client.get("/inloggen/")
    assert "Skip to content" in chosen.content.decode() and chosen["Content-Language"] == "en"
