"""A backup restores: into fresh databases, the audit chain verifies, a client's name and
file decrypt, and a client erased after the backup stays erased (the erasure journal is
replayed). Runs the real commands in separate processes, as an operator would."""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEYS = {name: secrets.token_hex(32) for name in (
    "SECRET_KEY", "REINTEGRA_MASTER_KEY", "REINTEGRA_BLIND_INDEX_KEY", "REINTEGRA_AUDIT_KEY",
    "REINTEGRA_MFA_KEY")}

SEED = """
import json
from reintegra.core.testing import Personas, make_client
from reintegra.privacy.services import upload_attachment
people = Personas()
kept = make_client(people.alice, first_name="Zofia", team=[people.bob])
gone = make_client(people.alice, first_name="Ewa")
upload_attachment(actor=people.alice, client=kept, name="scan.pdf",
                  data=b"%PDF-1.4\\nsample\\n%%EOF\\n")
print(json.dumps({"kept": kept.pk, "gone": gone.pk, "gone_code": gone.code,
                  "gone_key": str(gone.key_id)}))
"""

CHECK = """
import json, os
from reintegra.accounts.models import User
from reintegra.clients.models import Attachment, Client, ClientIdentity
from reintegra.clients.selectors import client_record
from reintegra.privacy.selectors import open_attachment
from reintegra.vault.models import DataKey
ids = json.loads(os.environ["BACKUP_TEST_IDS"])
alice = User.objects.get(username="alice")
record = client_record(actor=alice, pk=ids["kept"])
attachment = Attachment.objects.get(client_id=ids["kept"])
opened = open_attachment(actor=alice, client_pk=ids["kept"], uid=attachment.uid)
gone = Client.objects.get(pk=ids["gone"])
print(json.dumps({
    "name": str(record.identity.first_name), "file": opened.data.decode(),
    "gone_erased": gone.is_erased,
    "gone_identity": ClientIdentity.objects.filter(client_id=gone.pk).exists(),
    "gone_key": DataKey.objects.filter(key_id=ids["gone_key"]).exists(),
}))
"""


# PostgreSQL: the suite's own server when it runs on PostgreSQL (DATABASE_URL), with
# databases of this test's own (their names derived from the suite's database name).
PG_URL = os.environ.get("DATABASE_URL", "")
ENGINES = ["sqlite"] + (["postgresql"] if PG_URL.startswith("postgres") and
                        shutil.which("pg_dump") else [])


CREATED: list[str] = []


def _pg(*command):
    parts = urlsplit(PG_URL)
    admin = dict(PGHOST=parts.hostname or "127.0.0.1", PGPORT=str(parts.port or 5432),
                 PGUSER=parts.username or "postgres", PGPASSWORD=parts.password or "")
    subprocess.run(command, env={**os.environ, **admin}, check=True)  # noqa: S603


def _pg_databases(where: Path) -> tuple[str, str]:
    parts = urlsplit(PG_URL)
    base = f"{parts.path.lstrip('/')}_bk_{where.name}"
    urls = []
    for name in (base, f"{base}_ks"):
        _pg("dropdb", "--if-exists", name)
        _pg("createdb", name)
        CREATED.append(name)
        urls.append(parts._replace(path=f"/{name}").geturl())
    return urls[0], urls[1]


@pytest.fixture(autouse=True)
def _drop_test_databases():
    yield
    while CREATED:
        _pg("dropdb", "--if-exists", CREATED.pop())


def _env(where: Path, journal: Path, engine: str = "sqlite") -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "KEYSTORE_DATABASE_URL", "REDIS_URL",
                        "DJANGO_SETTINGS_MODULE")}
    if engine == "sqlite":
        main, keystore = (f"sqlite:///{where / 'main.sqlite3'}",
                          f"sqlite:///{where / 'keystore.sqlite3'}")
    else:
        main, keystore = _pg_databases(where)
    env.update(KEYS, REINTEGRA_ENV="test", REINTEGRA_VAR_DIR=str(where), DATABASE_URL=main,
               KEYSTORE_DATABASE_URL=keystore, MEDIA_ROOT=str(where / "media"),
               REINTEGRA_ERASURE_JOURNAL=str(journal))
    return env


def _manage(env, *args) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_a_backup_restores_and_an_erasure_after_it_is_replayed(tmp_path, engine):
    journal = tmp_path / "keystore-side" / "erasure-journal.jsonl"
    live = _env(tmp_path / "live", journal, engine)
    main_backup, key_backup = tmp_path / "backup-main", tmp_path / "backup-keystore"

    _manage(live, "migrate", "--noinput")
    _manage(live, "migrate", "--noinput", "--database", "keystore")
    ids = json.loads(_manage(live, "shell", "-c", SEED).strip().splitlines()[-1])
    _manage(live, "backup", "--to", str(main_backup), "--keystore-to", str(key_backup))
    suffix = "sqlite3" if engine == "sqlite" else "dump"
    assert {p.name for p in main_backup.iterdir()} == {f"main.{suffix}", "media.tar.gz",
                                                        "manifest.json"}
    assert f"keystore.{suffix}" in {p.name for p in key_backup.iterdir()}
    # After the backup, the client is erased: the journal, outside the backup, says so.
    _manage(live, "erase_client", ids["gone_code"], "--confirmed-by", "alice")
    assert [e["client_id"] for e in map(json.loads, journal.read_text().splitlines())] == [
        ids["gone"]]

    fresh = _env(tmp_path / "fresh", journal, engine)  # new, empty databases and media
    out = _manage(fresh, "restore", "--from", str(main_backup), "--keystore-from",
                  str(key_backup))
    assert "1 client(s) erased again" in out and "verified" in out
    state = json.loads(_manage({**fresh, "BACKUP_TEST_IDS": json.dumps(ids)}, "shell", "-c", CHECK)
                       .strip().splitlines()[-1])
    assert state["name"] == "Zofia" and "sample" in state["file"]
    assert state["gone_erased"] and not state["gone_identity"] and not state["gone_key"]


def test_the_keystore_is_never_backed_up_beside_the_main_database(tmp_path):
    env = _env(tmp_path / "live", tmp_path / "journal.jsonl")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "backup", "--to", str(tmp_path / "b"), "--keystore-to",
         str(tmp_path / "b")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "apart" in result.stderr
