"""Uploads are checked by their content (issue 9, item 6): a PDF opens as a PDF and carries no active content, an
image decodes and is stored re-encoded, a Word file is a bounded zip with the right parts. Every malicious sample
is built here, in memory; each one was stored by the old first-bytes check."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from toegang.audit.models import ChangeLog
from toegang.cases import actions
from toegang.cases.models import CaseDocument
from toegang.core.actor import SYSTEM
from toegang.core.errors import ValidationFailed

from .document_samples import (
    CONTENT_TYPES,
    HTML,
    declare_uncompressed_size,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    with_attachment,
    with_document_javascript,
    with_goto_open_action,
    with_launch,
    with_open_action_js,
    with_page_aa,
    with_xfa,
)
from .factories import HouseholdFactory, ResidentFactory


@pytest.fixture
def casus(profile):
    household = HouseholdFactory()
    ResidentFactory(household=household, geboortedatum=dt.date(1985, 1, 1))
    with transaction.atomic():
        return actions.do_open_case(actor=SYSTEM, household=household, team_id=None)


def upload(casus, data: bytes, name: str = "bestand"):
    return actions.check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag",
                                      upload=SimpleUploadedFile(name, data))


def refused(casus, data: bytes, match: str, name: str = "bestand"):
    with pytest.raises(ValidationFailed, match="niet toegevoegd") as caught:
        upload(casus, data, name)
    message = caught.value.field_errors["file"][0]
    assert match in message, message
    assert CaseDocument.objects.count() == 0
    assert not ChangeLog.objects.filter(event="casus.document").exists()
    return message


def stored_bytes(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


# --- valid documents still upload --------------------------------------------------------------------------------


def test_a_real_pdf_uploads_and_is_stored_unchanged(casus):
    data = pdf_bytes(with_goto_open_action)
    document = upload(casus, data, "verslag.pdf")
    assert document.content_type == "application/pdf" and document.file.name.endswith(".pdf")
    assert stored_bytes(document) == data and document.size == len(data)
    assert ChangeLog.objects.filter(event="casus.document").count() == 1


def test_a_weasyprint_letter_uploads(casus):
    from weasyprint import HTML as WeasyHTML

    data = WeasyHTML(string="<h1>Beschikking</h1><p>Geachte heer, mevrouw,</p><a href='https://example.nl'>x</a>")\
        .write_pdf()
    assert upload(casus, data, "brief.pdf").content_type == "application/pdf"


@pytest.mark.parametrize("fmt,content_type,extension", [("PNG", "image/png", ".png"), ("JPEG", "image/jpeg", ".jpg")])
def test_a_real_image_uploads_re_encoded(casus, fmt, content_type, extension):
    document = upload(casus, image_bytes(fmt), f"foto{extension}")
    assert document.content_type == content_type and document.file.name.endswith(extension)
    with Image.open(io.BytesIO(stored_bytes(document))) as image:
        assert image.format == fmt and image.size == (40, 30)
    assert document.size == len(stored_bytes(document))


def test_a_real_docx_uploads(casus):
    data = docx_bytes()
    document = upload(casus, data, "verslag.docx")
    assert document.file.name.endswith(".docx") and stored_bytes(document) == data


# --- the samples from the issue ----------------------------------------------------------------------------------


def test_html_behind_a_pdf_prefix_is_refused(casus):
    refused(casus, b"%PDF-1.7\n" + HTML, "geen echte PDF", "brief.pdf")


@pytest.mark.parametrize("mutate,label", [
    (with_open_action_js, "JavaScript"),
    (with_document_javascript, "JavaScript"),
    (with_page_aa, "automatische acties"),
    (with_launch, "starten van programma's"),
    (with_attachment, "ingesloten bestanden"),
    (with_xfa, "XFA-formulier"),
])
def test_a_pdf_with_active_content_is_refused(casus, mutate, label):
    message = refused(casus, pdf_bytes(mutate), "bevat actieve inhoud", "brief.pdf")
    assert label in message


def test_a_pdf_whose_javascript_name_is_escaped_is_still_refused(casus):
    # "/J#61vaScript" is "/JavaScript" to every PDF reader; a byte search would miss it, the parser does not.
    data = pdf_bytes(with_open_action_js).replace(b"/S /JavaScript", b"/S /J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data and b"/JS " not in data
    refused(casus, data, "bevat actieve inhoud", "brief.pdf")


def test_a_jpeg_html_polyglot_is_stored_without_the_html(casus):
    # HTML after the end-of-image marker and in a JPEG comment: the pixels are kept, the HTML is not.
    data = image_bytes("JPEG", comment=HTML) + HTML
    assert HTML in data
    document = upload(casus, data, "foto.jpg")
    stored = stored_bytes(document)
    assert b"<script" not in stored and b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        image.load()
        assert image.size == (40, 30) and "comment" not in image.info


def test_a_png_with_html_in_a_text_chunk_is_stored_without_it(casus):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", HTML.decode())
    document = upload(casus, image_bytes("PNG", pnginfo=info) + HTML, "foto.png")
    assert b"<script" not in stored_bytes(document)


def test_html_behind_a_jpeg_prefix_is_refused(casus):
    refused(casus, b"\xff\xd8\xff\xe0" + HTML, "geen echte afbeelding", "foto.jpg")


def test_an_image_with_too_many_pixels_is_refused(casus, monkeypatch):
    from toegang.cases import documents

    monkeypatch.setattr(documents, "IMAGE_MAX_PIXELS", 1000)
    refused(casus, image_bytes("PNG", size=(100, 100)), "te groot (100 × 100 pixels)", "foto.png")


def test_a_zip_bomb_named_docx_is_refused_without_inflating_it(casus):
    # The 200 MB bomb: a part that declares 200 MB uncompressed. Nothing is inflated to find out.
    data = declare_uncompressed_size(docx_bytes({"word/media/bom.xml": b"0" * 1000}), "word/media/bom.xml",
                                     200 * 1024 * 1024)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/media/bom.xml").file_size == 200 * 1024 * 1024
    refused(casus, data, "verdacht sterk uit", "verslag.docx")


def test_a_docx_that_inflates_past_the_limit_is_refused(casus, monkeypatch):
    from toegang.cases import documents

    # 2 MB of zeros compresses to a few kB: a ratio of several hundred.
    refused(casus, docx_bytes({"word/media/nul.xml": b"\x00" * (2 * 1024 * 1024)}), "zip-bom", "verslag.docx")
    # Many parts just under the ratio: the total uncompressed size is still bounded.
    monkeypatch.setattr(documents, "DOCX_MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    refused(casus, docx_bytes({f"word/media/deel{i}.xml": bytes(range(256)) * 1024 for i in range(5)}),
            "uitgepakt te groot", "verslag.docx")


@pytest.mark.parametrize("extra,content_types,match", [
    ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}, CONTENT_TYPES, "macro's"),
    ({}, CONTENT_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml"), "macro's"),
    ({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 ole"}, CONTENT_TYPES, "ingesloten bestanden"),
    ({"word/embeddings/rekenblad.xlsx": b"PK\x03\x04"}, CONTENT_TYPES, "ingesloten bestanden"),
    ({"word/media/archief.zip": b"PK\x03\x04"}, CONTENT_TYPES, "ingesloten bestanden"),
    ({"word/activeX/activeX1.xml": b"<ax/>"}, CONTENT_TYPES, "ActiveX"),
])
def test_a_docx_with_macros_or_nested_files_is_refused(casus, extra, content_types, match):
    refused(casus, docx_bytes(extra, content_types), match, "verslag.docx")


def test_a_zip_that_is_not_a_word_document_is_refused(casus):
    refused(casus, docx_bytes(skip=("word/document.xml",)), "geen geldig Word-bestand", "verslag.docx")
    refused(casus, b"PK\x03\x04" + HTML, "geen geldig Word-bestand", "verslag.docx")


def test_the_page_shows_why_an_upload_was_refused(casus, regie, staff, client_for):
    actions.check_assign_case_director(actor=regie, casus=casus, medewerker=staff["generalist"])
    response = client_for("generalist").post(
        f"/casussen/{casus.pk}/documenten/",
        {"kind": "verslag", "title": "Brief", "file": SimpleUploadedFile("brief.pdf", pdf_bytes(with_open_action_js))},
        follow=True)
    assert "Deze PDF bevat actieve inhoud (JavaScript)" in response.content.decode()
    assert CaseDocument.objects.count() == 0


@pytest.fixture
def regie(staff, actor_of):
    return actor_of(staff["procesregisseur"])
