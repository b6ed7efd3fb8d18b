"""Checking an uploaded case document by its content (issue 9, item 6).

A document is accepted only when it *is* what it claims to be, parsed with a real parser, not only by its first
bytes, and when it holds no active content:

- PDF: opens with pypdf, has at least one page, and no object reachable from the trailer carries JavaScript,
  automatic actions (/AA, an /OpenAction that is not a plain "go to"), /Launch, embedded files, /RichMedia or
  an XFA form.
- PNG and JPEG: decode fully with Pillow within a pixel bound, and are then **re-encoded**: the stored bytes are
  the pixels (and the colour profile) only. Whatever was hidden in comments, metadata or after the end marker
  (an HTML polyglot) is not stored; EXIF (camera, GPS position) goes too, which is data minimisation
  (AVG art. 5 lid 1 onder c). We re-encode rather than refuse because phones legitimately append data after the
  JPEG end marker (motion photos).
- DOCX: a zip whose central directory is read without extracting anything: bounded number of parts, bounded total
  uncompressed size and compression ratio (a zip bomb is refused before a byte is inflated), the parts of a Word
  document present, no macros (vbaProject.bin, macro-enabled content type), no ActiveX, no embedded OLE objects
  and no nested archives.

`inspect_document(data)` returns what to store or raises `DocumentRefused` with a message for the user
(in the page's language; the API's is Dutch).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from toegang.core.errors import ValidationFailed

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Allowed formats, recognised by their first bytes (a renamed .exe is not a PDF); the parsers below then check
# that the whole file is that format.
DOCUMENT_SIGNATURES = [
    (b"%PDF-", PDF, ".pdf"),
    (b"\x89PNG\r\n\x1a\n", PNG, ".png"),
    (b"\xff\xd8\xff", JPEG, ".jpg"),
    (b"PK\x03\x04", DOCX, ".docx"),
]

# Bounds. An image of 50 megapixels covers every phone camera in use; decoding it takes ~150 MB of memory.
IMAGE_MAX_PIXELS = 50_000_000
# A PDF with more objects than this is not a letter or a report; walking it would take too long.
PDF_MAX_OBJECTS = 100_000
DOCX_MAX_PARTS = 2_000
DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Word XML compresses about 5-20x; a part that inflates more than 100x (and is larger than 1 MB) is a bomb.
DOCX_MAX_RATIO = 100
DOCX_RATIO_APPLIES_FROM_BYTES = 1024 * 1024
DOCX_CONTENT_TYPES_MAX_BYTES = 1024 * 1024

NOT_ALLOWED_TYPE = gettext_noop("Dit bestand is geen echte PDF, PNG, JPEG of Word-bestand (docx), ook al heeft het die naam; alleen die soorten zijn toegestaan.")

# PDF dictionary keys that make a viewer run something or carry another file (ISO 32000-1 §12.6 actions,
# §12.6.4.16 JavaScript, §7.11.4 embedded files, §12.7.8 XFA; /RichMedia from Adobe's extension level 3).
PDF_ACTIVE_KEYS = {"/JavaScript", "/JS", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/RichMediaExecute", "/ImportData"}
# An /OpenAction may only jump to a place in the document itself.
PDF_HARMLESS_OPEN_ACTIONS = {"/GoTo"}

DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
NESTED_ARCHIVE_SUFFIXES = (".zip", ".jar", ".docx", ".docm", ".dotm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".7z",
                           ".rar", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab", ".exe", ".dll", ".msi")


class DocumentRefused(ValidationFailed):
    """The upload is not a safe document of an allowed type; `message` says why."""

    code = "document-geweigerd"


@dataclass(frozen=True)
class InspectedDocument:
    content_type: str
    extension: str
    content: bytes  # the bytes to store: the upload itself, or for an image its re-encoded pixels


def inspect_document(data: bytes) -> InspectedDocument:
    """Check `data` by its content; return what to store, or raise DocumentRefused."""
    signature = next((s for s in DOCUMENT_SIGNATURES if data.startswith(s[0])), None)
    if signature is None:
        raise DocumentRefused(gettext(NOT_ALLOWED_TYPE))
    _, content_type, extension = signature
    if content_type == PDF:
        check_pdf(data)
        return InspectedDocument(content_type, extension, data)
    if content_type in (PNG, JPEG):
        return InspectedDocument(content_type, extension, reencode_image(data, content_type))
    check_docx(data)
    return InspectedDocument(content_type, extension, data)


# --- PDF ---------------------------------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:

    broken = DocumentRefused(gettext("Dit PDF-bestand is beschadigd of geen echte PDF; het kan niet worden geopend."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRefused(gettext("Deze PDF is met een wachtwoord beveiligd; voeg een onbeveiligde versie toe."))
        if len(reader.pages) < 1:
            raise broken
        found = _pdf_active_content(reader.trailer)
    except DocumentRefused:
        raise
    except (PyPdfError, DependencyError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            NotImplementedError, OSError) as error:
        # pypdf raises a wide range of errors on malformed input; all of them mean "not a PDF we can open".
        raise broken from error
    if found:
        raise DocumentRefused(gettext(
            "Deze PDF bevat actieve inhoud (%(found)s) en wordt daarom niet opgeslagen. Sla het document opnieuw op als gewone PDF (bijvoorbeeld via 'Afdrukken naar PDF') en voeg het dan toe.")
            % {"found": gettext(found)})


def _pdf_active_content(trailer) -> str | None:
    """Walk every object reachable from the trailer, without decoding stream data; return the first active key."""

    containers = (IndirectObject, DictionaryObject, ArrayObject)  # numbers, strings and names hold nothing more
    seen: set[tuple[int, int]] = set()
    stack = [trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise DocumentRefused(gettext("Deze PDF is te complex om te controleren; voeg een eenvoudiger versie toe."))
        if isinstance(item, DictionaryObject):  # a stream is a dictionary too: its keys are checked, not its data
            for name, value in item.items():
                if name in PDF_ACTIVE_KEYS:
                    return _label(name)
                if name == "/S" and isinstance(value, NameObject) and value in PDF_ACTIVE_ACTIONS:
                    return _label(value)
                if name == "/OpenAction":
                    action = value.get_object()
                    kind = action.get("/S") if isinstance(action, DictionaryObject) else None
                    if kind in PDF_ACTIVE_ACTIONS:
                        return _label(kind)
                    if isinstance(action, DictionaryObject) and kind not in PDF_HARMLESS_OPEN_ACTIONS:
                        return gettext_noop("automatische actie bij openen")
                if isinstance(value, containers):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if isinstance(value, containers))
    return None


def _label(name: str) -> str:
    """What the active content is, in words: marked for the catalogue, translated where the message is built."""
    return {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/AA": gettext_noop("automatische acties"),
            "/Launch": gettext_noop("starten van programma's"), "/EmbeddedFile": gettext_noop("ingesloten bestanden"),
            "/EmbeddedFiles": gettext_noop("ingesloten bestanden"), "/RichMedia": gettext_noop("multimedia"),
            "/XFA": gettext_noop("XFA-formulier")}.get(name, name.lstrip("/"))


# --- images ------------------------------------------------------------------------------------------------------


def reencode_image(data: bytes, content_type: str) -> bytes:
    """Decode the whole image and return it re-encoded in the same format: pixels only, nothing else."""

    pillow_format = "PNG" if content_type == PNG else "JPEG"
    label = "PNG" if content_type == PNG else "JPEG"
    broken = DocumentRefused(gettext("Dit %(type)s-bestand is beschadigd of geen echte afbeelding.") % {"type": label})
    try:
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as probe:
            width, height = probe.size
            if width * height > IMAGE_MAX_PIXELS:
                raise DocumentRefused(
                    gettext("De afbeelding is te groot (%(width)s × %(height)s pixels); het maximum is %(max)s megapixel.")
                    % {"width": width, "height": height, "max": IMAGE_MAX_PIXELS // 1_000_000})
            probe.verify()
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data said, then drop EXIF
            # Only the colour profile travels along; comments, EXIF and text chunks are not written again
            # (Pillow would otherwise copy a JPEG comment from image.info).
            colour_profile = image.info.get("icc_profile")
            image.info = {}
            extra = {"icc_profile": colour_profile} if colour_profile else {}
            output = io.BytesIO()
            if pillow_format == "JPEG":
                if image.mode not in ("L", "RGB", "CMYK"):
                    image = image.convert("RGB")
                image.save(output, format="JPEG", quality=92, **extra)
            else:
                image.save(output, format="PNG", optimize=True, **extra)
    except DocumentRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise broken from error
    return output.getvalue()


# --- Word (docx) -------------------------------------------------------------------------------------------------


def check_docx(data: bytes) -> None:
    """Read the zip's central directory only; nothing is extracted except a bounded read of [Content_Types].xml."""
    not_word = DocumentRefused(gettext("Dit is geen geldig Word-bestand (docx)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise not_word from error
    with archive:
        if len(parts) > DOCX_MAX_PARTS:
            raise DocumentRefused(gettext("Dit Word-bestand bestaat uit te veel onderdelen."))
        names = {part.filename for part in parts}
        if not all(required in names for required in DOCX_REQUIRED_PARTS):
            raise not_word
        total = 0
        for part in parts:
            name = part.filename.lower()
            if part.flag_bits & 0x1:
                raise DocumentRefused(gettext("Dit Word-bestand is versleuteld; voeg een onbeveiligde versie toe."))
            if name.startswith("/") or ".." in name.split("/"):
                raise not_word
            if name.endswith("vbaproject.bin") or name.endswith("vbadata.xml"):
                raise DocumentRefused(gettext("Dit Word-bestand bevat macro's en wordt daarom niet opgeslagen."))
            if name.startswith("word/activex/"):
                raise DocumentRefused(gettext("Dit Word-bestand bevat ActiveX-onderdelen en wordt daarom niet opgeslagen."))
            if name.endswith(NESTED_ARCHIVE_SUFFIXES) or (name.startswith("word/embeddings/") and name.endswith(".bin")):
                raise DocumentRefused(gettext("Dit Word-bestand bevat ingesloten bestanden of programma's en wordt daarom niet opgeslagen. Sla het op zonder ingesloten objecten."))
            total += part.file_size
            ratio_applies = part.file_size > DOCX_RATIO_APPLIES_FROM_BYTES
            if ratio_applies and part.file_size > DOCX_MAX_RATIO * max(part.compress_size, 1):
                raise DocumentRefused(gettext("Dit Word-bestand pakt verdacht sterk uit (mogelijk een zip-bom) en wordt daarom niet opgeslagen."))
        if total > DOCX_MAX_UNCOMPRESSED_BYTES:
            raise DocumentRefused(
                gettext("Dit Word-bestand is uitgepakt te groot (%(size)s MB); het maximum is %(max)s MB.")
                % {"size": total // (1024 * 1024), "max": DOCX_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)})
        content_types = archive.getinfo("[Content_Types].xml")
        if content_types.file_size > DOCX_CONTENT_TYPES_MAX_BYTES:
            raise not_word
        try:
            # zipfile stops at the declared (bounded) size, so this read cannot inflate a bomb.
            declared = archive.read(content_types).decode("utf-8", errors="replace").lower()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise not_word from error
    if "macroenabled" in declared or "vbaproject" in declared:
        raise DocumentRefused(gettext("Dit Word-bestand bevat macro's en wordt daarom niet opgeslagen."))
    if "wordprocessingml.document.main+xml" not in declared:
        raise not_word
