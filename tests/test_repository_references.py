"""The project points only at files it contains: a clone has no sibling folders and no
design briefs outside the repository."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Built from pieces, so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\bDESIGN" + r"\.md", r"\bDOMAIN" + r"\.md", r"\.\./" + "shared",
                               "/work/" + "shared"]))
DOC_LINK = re.compile(r"\bdocs/[\w./-]+\.md\b")


def tracked_text_files():
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,  # noqa: S607
                           check=True).stdout.split()
    for name in names:
        path = ROOT / name
        if path.suffix in {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".ini", ""} and \
                path.is_file():
            try:
                yield name, path.read_text()
            except UnicodeDecodeError:
                continue


def test_nothing_points_outside_the_repository():
    found = [f"{name}:{n}" for name, text in tracked_text_files()
             for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert not found, f"references to files outside the repository: {found}"


def test_every_docs_file_named_exists():
    missing = sorted({(name, m) for name, text in tracked_text_files()
                      for m in DOC_LINK.findall(text) if not (ROOT / m).exists()})
    assert not missing, f"docs files named but missing: {missing}"


def test_one_weekday_enum():
    """The days of the week are defined once (reintegra/core/weekdays.py); apps derive
    what they store from it."""
    found = [name for name, text in tracked_text_files()
             if name.endswith(".py") and re.search(r"^class Weekday\b", text, re.M)]
    assert found == ["reintegra/core/weekdays.py"], found
