"""A backup restores: into fresh databases, the audit chain verifies, a client's name and
file decrypt, and a client erased after the backup stays erased (the erasure journal is
replayed). Runs the real commands in separate processes, as an operator would."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

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


def _env(where: Path, journal: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "KEYSTORE_DATABASE_URL", "REDIS_URL",
                        "DJANGO_SETTINGS_MODULE")}
    env.update(KEYS, REINTEGRA_ENV="test", REINTEGRA_VAR_DIR=str(where),
               DATABASE_URL=f"sqlite:///{where / 'main.sqlite3'}",
               KEYSTORE_DATABASE_URL=f"sqlite:///{where / 'keystore.sqlite3'}",
               MEDIA_ROOT=str(where / "media"), REINTEGRA_ERASURE_JOURNAL=str(journal))
    return env


def _manage(env, *args) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_a_backup_restores_and_an_erasure_after_it_is_replayed(tmp_path):
    journal = tmp_path / "keystore-side" / "erasure-journal.jsonl"
    live = _env(tmp_path / "live", journal)
    main_backup, key_backup = tmp_path / "backup-main", tmp_path / "backup-keystore"

    _manage(live, "migrate", "--noinput")
    _manage(live, "migrate", "--noinput", "--database", "keystore")
    ids = json.loads(_manage(live, "shell", "-c", SEED).strip().splitlines()[-1])
    _manage(live, "backup", "--to", str(main_backup), "--keystore-to", str(key_backup))
    assert {p.name for p in main_backup.iterdir()} == {"main.sqlite3", "media.tar.gz",
                                                        "manifest.json"}
    assert "keystore.sqlite3" in {p.name for p in key_backup.iterdir()}
    # After the backup, the client is erased: the journal, outside the backup, says so.
    _manage(live, "erase_client", ids["gone_code"], "--confirmed-by", "alice")
    assert [e["client_id"] for e in map(json.loads, journal.read_text().splitlines())] == [
        ids["gone"]]

    fresh = _env(tmp_path / "fresh", journal)  # new, empty databases and media folder
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
