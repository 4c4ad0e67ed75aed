"""An upload kept in memory only (never a temporary file on disk: the spreadsheet holds
names), read no further than the import's size limit."""

from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload


class InMemoryUpTo(MemoryFileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.oversized = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # whatever the size: past the limit we stop, never spill
        if content_length and content_length > self.limit + 64 * 1024:
            self.oversized = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.oversized = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
