"""Receiving a client's file without ever writing its plaintext to disk.

Django keeps uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file: a
plaintext copy of a passport scan in /tmp. ``MemoryOnlyUploadHandler`` keeps the file in
memory up to the size limit and stops storing beyond it (the form then reports the size),
so memory per upload is bounded and nothing reaches the disk before it is encrypted. The
web server in front should also cap the request body (e.g. nginx ``client_max_body_size
12m``), so that an oversized upload is not even read.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

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
