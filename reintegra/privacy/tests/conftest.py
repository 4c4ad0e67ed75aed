import pytest

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test has its own media folder, so that files are checked one test at a time."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
