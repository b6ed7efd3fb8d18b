"""The back office's messages (issue 14 item 7): the overview with status and findings, one message with its XML and
its answer (a read of personal data, logged), reading a provider's file in by upload — a bad file kept and explained,
no file at all refused at its field. Nobody else reaches them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from toegang.audit.models import AccessLog
from toegang.messaging.models import Bericht

from . import test_messaging
from .test_messaging import hub, provider_message  # noqa: F401 (the hub fixture)

assigned = test_messaging.assigned  # the fixture


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("role", ["balie", "generalist", "procesregisseur", "teamleider", "beleid", "privacy",
                                  "beheer", "partner"])
def test_only_the_back_office_reaches_the_messages(role, client_for):
    client = client_for(role)
    assert client.get("/berichtenverkeer/").status_code == 403
    assert 'href="/berichtenverkeer/"' not in client.get("/").content.decode()


def test_the_back_office_sees_the_assignment_and_reads_a_start_in(assigned, client_for):
    backoffice = client_for("backoffice")
    assert 'href="/berichtenverkeer/"' in backoffice.get("/").content.decode()
    overview = text(backoffice.get("/berichtenverkeer/"))
    assert "JW301" in overview and "verstuurd" in overview and assigned.provider.name in overview
    assert assigned.indicatie.client.geslachtsnaam not in overview  # no names in the list
    upload = SimpleUploadedFile("start.xml", provider_message("JW305", assigned), content_type="text/xml")
    received = backoffice.post("/berichtenverkeer/inlezen/", {"file": upload})
    assert received.status_code == 302
    message = Bericht.objects.get(kind="JW305")
    assert received["Location"] == f"/berichtenverkeer/{message.pk}/"
    page = backoffice.get(received["Location"])
    shown = text(page)
    assert "ontvangen en verwerkt" in shown and "Beantwoord met: JW306" in shown and "no-store" in page["Cache-Control"]
    read = AccessLog.objects.filter(resource=f"/berichtenverkeer/{message.pk}/").get()
    assert read.subject_ids == [assigned.indicatie.client_id]  # the XML names the client: the read is logged
    assigned.refresh_from_db()
    assert assigned.status == "gestart"
    xml = backoffice.get(f"/berichtenverkeer/{message.pk}/xml/")
    assert xml["Content-Type"] == "application/xml" and bytes(message.raw) == xml.content


def test_a_bad_file_is_kept_and_explained_and_no_file_is_refused_at_its_field(client_for, db):
    backoffice = client_for("backoffice")
    kept = backoffice.post("/berichtenverkeer/inlezen/", {"file": SimpleUploadedFile("x.xml", b"<a><b></a>")})
    shown = text(backoffice.get(kept["Location"]))
    assert "onleesbaar" in shown and "geen geldige XML" in shown
    refused = backoffice.post("/berichtenverkeer/inlezen/", {})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.content.decode()
    assert backoffice.get("/berichtenverkeer/?status=verzonnen").status_code == 400


def test_the_overview_has_a_bounded_number_of_queries(assigned, client_for, django_assert_max_num_queries):
    backoffice = client_for("backoffice")
    backoffice.get("/berichtenverkeer/")
    with django_assert_max_num_queries(14):
        backoffice.get("/berichtenverkeer/")


def test_the_overview_filters_by_kind(assigned, client_for):
    backoffice = client_for("backoffice")
    backoffice.post("/berichtenverkeer/inlezen/",
                    {"file": SimpleUploadedFile("start.xml", provider_message("JW305", assigned), content_type="text/xml")})
    page = backoffice.get("/berichtenverkeer/").content.decode()
    assert '<option value="JW305">JW305</option>' in page and '<option value="WMO323">WMO323</option>' in page

    def listed(query: str) -> list[str]:
        table = backoffice.get("/berichtenverkeer/" + query).content.decode()
        body = table[table.index('<tbody'):table.index('</tbody>')]
        return re.findall(r'href="/berichtenverkeer/\d+/">(\w+)</a>', body)

    assert sorted(listed("")) == ["JW301", "JW305", "JW306"]
    assert listed("?kind=JW305") == ["JW305"]
    assert listed("?direction=uit&kind=JW306") == ["JW306"]
    assert listed("?direction=in&kind=JW306") == []
    assert backoffice.get("/berichtenverkeer/?kind=JW999").status_code == 400
