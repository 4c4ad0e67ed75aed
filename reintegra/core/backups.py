"""Backups of both databases and the media folder, the keystore kept apart.

A backup is two folders, written by ``manage.py backup`` (``make backup``):

- the **main** folder: the main database (``main.sqlite3`` or ``main.dump``, pg_dump's
  custom format) and ``media.tar.gz`` (the encrypted files), with ``manifest.json``;
- the **keystore** folder, somewhere else (another disk, another server, another policy):
  the keystore database (``keystore.sqlite3`` or ``keystore.dump``) and a copy of the
  erasure journal, with its own ``manifest.json``.

Apart, neither folder reveals anything: the main one holds ciphertext, the keystore wrapped
keys, and the master key is in neither. ``manage.py restore`` (``make restore``) puts both
back, migrates, replays the erasure journal (reintegra/privacy/journal.py) and verifies
the audit chain.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

ALIASES = {"default": "main", "keystore": "keystore"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(alias: str) -> tuple[list[str], dict]:
    db = settings.DATABASES[alias]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def dump_database(alias: str, folder: Path) -> Path:
    name = ALIASES[alias]
    connections[alias].close()
    if _vendor(alias) == "sqlite":
        target = folder / f"{name}.sqlite3"
        source = sqlite3.connect(settings.DATABASES[alias]["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy, even while the application writes
        finally:
            copy.close()
            source.close()
        return target
    target = folder / f"{name}.dump"
    args, env = _pg_env(alias)
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],  # noqa: S603, S607
                   env=env, check=True)
    return target


def load_database(alias: str, source: Path) -> None:
    connections[alias].close()
    if _vendor(alias) == "sqlite":
        target = Path(settings.DATABASES[alias]["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        source_db = sqlite3.connect(source)
        copy = sqlite3.connect(target)
        try:
            source_db.backup(copy)
        finally:
            copy.close()
            source_db.close()
        return
    args, env = _pg_env(alias)
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",  # noqa: S603, S607
                    *args, str(source)], env=env, check=True)


def _write_manifest(folder: Path, files: list[Path]) -> None:
    manifest = {"made_at": timezone.now().isoformat(),
                "files": {f.name: _sha256(f) for f in files}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


def check_manifest(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        if _sha256(folder / name) != digest:
            raise ValueError(f"{folder / name} does not match its manifest: damaged backup")


def backup(*, main_folder: Path, keystore_folder: Path) -> None:
    if main_folder.resolve() == keystore_folder.resolve():
        raise ValueError("the keystore backup must be kept apart from the main backup")
    for folder in (main_folder, keystore_folder):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    main_files = [dump_database("default", main_folder)]
    media = main_folder / "media.tar.gz"
    with tarfile.open(media, "w:gz") as tar:
        if Path(settings.MEDIA_ROOT).exists():
            tar.add(settings.MEDIA_ROOT, arcname="media")
    main_files.append(media)
    _write_manifest(main_folder, main_files)
    key_files = [dump_database("keystore", keystore_folder)]
    journal = Path(settings.ERASURE_JOURNAL)
    if journal.exists():
        copy = keystore_folder / "erasure-journal.jsonl"
        shutil.copyfile(journal, copy)
        key_files.append(copy)
    _write_manifest(keystore_folder, key_files)


def _one(folder: Path, stem: str) -> Path:
    found = [p for p in (folder / f"{stem}.sqlite3", folder / f"{stem}.dump") if p.exists()]
    if len(found) != 1:
        raise ValueError(f"{folder} holds no {stem} database backup")
    return found[0]


def restore(*, main_folder: Path, keystore_folder: Path) -> None:
    """Both databases and the media folder from a backup. The caller migrates, replays the
    erasure journal and verifies the audit chain (``manage.py restore`` does all)."""
    check_manifest(main_folder)
    check_manifest(keystore_folder)
    load_database("default", _one(main_folder, "main"))
    load_database("keystore", _one(keystore_folder, "keystore"))
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(main_folder / "media.tar.gz", "r:gz") as tar:
        for member in tar.getmembers():
            if not member.name.startswith("media"):
                raise ValueError(f"unexpected member {member.name} in media.tar.gz")
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        tar.extractall(media_root, filter="data")
