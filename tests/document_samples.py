"""Document samples built in memory for the upload tests: real PDF, PNG, JPEG and DOCX files, and the malicious
variants of issue 9 item 6 (active PDF content, polyglots, zip bombs)."""

import io
import struct
import zipfile

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def pdf_bytes(mutate=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if mutate:
        mutate(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def javascript_action(code: str = "app.alert('x')") -> DictionaryObject:
    return DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(code)})


def with_open_action_js(writer):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(javascript_action())


def with_document_javascript(writer):
    # What Acrobat's "document JavaScript" writes: a named script in the catalogue's name tree.
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({
        NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(javascript_action())])})})


def with_page_aa(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(javascript_action())})


def with_launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


def with_attachment(writer):
    writer.add_attachment("factuur.exe", b"MZ\x90\x00")


def with_xfa(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp:xdp/>")})


def with_goto_open_action(writer):
    # Opening at page 1, zoom 100%: a plain destination, not active content.
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([
        writer.pages[0].indirect_reference, NameObject("/XYZ"), NumberObject(0), NumberObject(842), NumberObject(1)])


def image_bytes(fmt: str, size=(40, 30), **save) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=fmt, **save)
    return output.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
                 b'word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 b'document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOCUMENT = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verslag keukentafelgesprek</w:t></w:r></w:p>'
            b'</w:body></w:document>')


def docx_bytes(extra: dict[str, bytes] | None = None, content_types: bytes = CONTENT_TYPES, skip=()) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {"[Content_Types].xml": content_types, "_rels/.rels": RELS, "word/document.xml": DOCUMENT,
                           **(extra or {})}.items():
            if name not in skip:
                archive.writestr(name, data)
    return output.getvalue()


def declare_uncompressed_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the zip's local header and central directory declare for `member`."""
    data = bytearray(data)
    encoded = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30: local + 30 + name_length] == encoded:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == encoded:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)
