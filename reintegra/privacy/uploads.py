"""Receiving a client's file without ever writing its plaintext to disk.

Django keeps uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file: a
plaintext copy of a passport scan in /tmp. ``MemoryOnlyUploadHandler`` keeps the file in
memory up to the size limit and stops storing beyond it (the form then reports the size),
so memory per upload is bounded and nothing reaches the disk before it is encrypted. The
web server in front should also cap the request body (e.g. nginx ``client_max_body_size
12m``), so that an oversized upload is not even read.
"""

import re
import struct
import zlib
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Allowed types, recognised by their first bytes (never by the name or the browser's word).
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def max_attachment_bytes() -> int:
    return getattr(settings, "REINTEGRA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_content_type(data: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


# The names a file of each type may have. A file's name decides how the user's computer
# opens it after download: a PNG named .pdf, or a PDF named .html, is refused.
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}
# What a browser may say about a file it sends when it does not know better.
GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
# Browsers sniff HTML in the first 512 bytes of a response (WHATWG MIME Sniffing, 7.1);
# a file with markup there is a polyglot that could run as a page. Checked in the first 1 KiB.
HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|img|a\s)", re.I
)
HTML_WINDOW = 1024


def _png_complete(data: bytes) -> bool:
    """Chunks from the signature on, each with its CRC, ending with IEND."""
    at = 8
    first = True
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data) or (first and kind != b"IHDR"):
            return False
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(data[at + 4:end - 4]) != crc:
            return False
        if kind == b"IEND":
            return end == len(data)
        at, first = end, False
    return False


def _well_formed(content_type: str, data: bytes) -> bool:
    if content_type == "image/png":
        return _png_complete(data)
    if content_type == "image/jpeg":
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if content_type == "application/pdf":
        return b"%%EOF" in data  # readers tolerate bytes after it; a cut file has none
    return False


def check_upload(*, name: str, data: bytes, declared_type: str = "") -> str:
    """The file's type, decided from its bytes; ValidationError unless the bytes are a whole
    PDF, JPEG or PNG with no HTML inside, its name ends as that type's files do, and the
    type the browser declared (if any) is the same."""
    content_type = sniff_content_type(data)
    refuse = ValidationError(_("The file must be a PDF, JPEG or PNG."), code="type")
    if content_type is None or not _well_formed(content_type, data):
        raise refuse
    if PurePath(name.lower()).suffix not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("The file's name does not match its content: a %(kind)s file must end in "
              "%(extensions)s.") % {"kind": content_type.split("/")[1].upper(),
                                    "extensions": ", ".join(sorted(EXTENSIONS[content_type]))},
            code="name",
        )
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared not in GENERIC_TYPES and declared != content_type:
        raise refuse
    if HTML_MARKERS.search(data[:HTML_WINDOW]):
        raise refuse
    return content_type


class OversizeUpload(UploadedFile):
    """Stands for a file that was larger than the limit: its size, none of its bytes."""

    def __init__(self, name, size, field_name=None):
        super().__init__(file=BytesIO(), name=name, size=size)
        self.field_name = field_name
        self.oversize = True


class MemoryOnlyUploadHandler(FileUploadHandler):
    def __init__(self, request=None, max_bytes=None):
        super().__init__(request)
        self.max_bytes = max_bytes or max_attachment_bytes()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.received = 0
        raise StopFutureHandlers()  # no other handler (no temporary file) sees this file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.max_bytes:
            self.buffer.write(raw_data)
        elif self.buffer is not None:
            self.buffer = None  # over the limit: drop what we held, count the rest
        return None

    def file_complete(self, file_size):
        if self.buffer is None:
            return OversizeUpload(self.file_name, self.received, self.field_name)
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
