"""After an erasure, neither database nor the media folder holds anything of the person.

Runs on SQLite (``iterdump()`` of both connections, and the raw bytes of both databases:
the files, or the serialised in-memory databases that pytest-django uses) and on
PostgreSQL (``pg_dump`` of both test databases). Data must be committed for a dump made
by another process to see it, hence a transactional test.
"""

import secrets
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.db import connections

from reintegra.clients.models import BlindIndex, Client, ClientIdentity
from reintegra.clients.services import close_case
from reintegra.core.testing import make_client
from reintegra.privacy import services
from reintegra.vault.keyring import KeyRing
from reintegra.vault.models import DataKey
from reintegra.vault.sealed import ERASED_VALUE

pytestmark = pytest.mark.django_db(transaction=True)


def dump(alias) -> str:
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    if connection.vendor == "postgresql":
        if shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed")
        params = connection.settings_dict
        command = ["pg_dump", "--no-owner", "--dbname", params["NAME"],
                   "--host", params["HOST"] or "127.0.0.1", "--port", str(params["PORT"] or 5432)]
        if params["USER"]:
            command += ["--username", params["USER"]]
        env = {"PATH": "/usr/bin:/bin", "PGPASSWORD": params["PASSWORD"] or ""}
        return subprocess.run(command, check=True, capture_output=True, text=True,  # noqa: S603
                              env=env, timeout=120).stdout
    pytest.skip(f"no dump for {connection.vendor}")


def raw_bytes(alias) -> bytes | None:
    """The database's bytes as they lie, free pages included (SQLite only)."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if Path(name).is_file():
        connection.close()  # flush nothing pending; the file is what a thief would copy
        return Path(name).read_bytes()
    connection.ensure_connection()
    return connection.connection.serialize()


def media_bytes(media_root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in media_root.rglob("*") if p.is_file())


def test_an_erased_client_leaves_nothing_identifying_anywhere(people, media_root):
    token = secrets.token_hex(4)
    identifying = {
        "first_name": f"Zofiaq{token}", "second_name": f"Wrzosekq{token}",
        "chosen_name": f"Zosiaq{token}", "phone": f"+48 777 {token}",
        "email": f"z.{token}@example.net",
        "passport": f"ZQ{token}PA", "id_card": f"IQ{token}DC",
        "note": f"Nocleg u kuzynki {token} po ucieczce", "closing": f"Wyjazd {token} do domu",
        "file": f"Skan dowodu {token}", "file_name": f"dowod-{token}.pdf",
    }
    birth_date = date(1983, 7, 29)
    c = make_client(
        people.alice, team=[people.bob], owner=people.bob, citizenship=["UA"],
        first_name=identifying["first_name"], second_name=identifying["second_name"],
        chosen_name=identifying["chosen_name"], birth_date=birth_date,
        phone=identifying["phone"], email=identifying["email"],
        documents=[{"type": "passport", "number": identifying["passport"]},
                   {"type": "id_card", "number": identifying["id_card"]}],
        referral_details=identifying["note"], intake_date=date(2024, 2, 5),
    )
    close_case(actor=people.bob, client=c, reason="completed", closed_on=date(2025, 3, 4),
               note=identifying["closing"])
    file_content = b"%PDF-1.4\n" + identifying["file"].encode() + b"\n%%EOF\n"
    services.upload_attachment(actor=people.bob, client=c, name=identifying["file_name"],
                               data=file_content)
    services.record_consent(actor=people.bob, client=c, purpose="statistics",
                            given_on=date(2024, 2, 5), language="ukr",
                            explained_by=people.bob, items_explained=["purpose"])

    # What a thief could take before the erasure: the main database's ciphertext.
    c.refresh_from_db()
    identity_copy = ClientIdentity.objects.select_related("client").get(client=c)
    client_copy = Client.objects.get(pk=c.pk)
    ciphertexts = [getattr(identity_copy, f"{n}_sealed") for n in ClientIdentity.SEALED_FIELDS]
    ciphertexts += [client_copy.referral_details_sealed, client_copy.closure_note_sealed]
    ciphertexts = [t for t in ciphertexts if t]
    digests = list(BlindIndex.objects.filter(client=c).values_list("digest", flat=True))
    wrapped = bytes(DataKey.objects.using("keystore").get(key_id=c.key_id).wrapped)
    assert identity_copy.reveal(KeyRing()).second_name == identifying["second_name"]

    # The checks below can fail: before the erasure, the dumps hold all of it.
    main_before, keystore_before = dump("default").lower(), dump("keystore").lower()
    assert all(t.lower() in main_before for t in ciphertexts)
    assert all(d in main_before for d in digests) and digests
    assert wrapped.hex() in keystore_before
    assert media_bytes(media_root)
    raw_keystore, raw_main = raw_bytes("keystore"), raw_bytes("default")
    if raw_keystore is not None:
        assert wrapped in raw_keystore and ciphertexts[0].encode() in raw_main

    services.erase_client(actor=people.dora, client=c, confirmed_by=people.alice)

    dumps = {"main": dump("default"), "keystore": dump("keystore")}
    raws = {alias: raw_bytes(alias) for alias in ("default", "keystore")}
    media = media_bytes(media_root)
    strings = [*identifying.values(), birth_date.isoformat(), birth_date.strftime("%d.%m.%Y")]
    for where, text in dumps.items():
        folded = text.lower()
        for value in strings:
            assert value.lower() not in folded, (where, value)
        for value in ciphertexts:
            assert value.lower() not in folded, (where, "ciphertext")
        for digest in digests:
            assert digest not in folded, (where, "blind index")
        assert wrapped.hex() not in folded, (where, "wrapped key")
    for alias, raw in raws.items():
        if raw is None:
            continue
        for value in strings:
            assert value.encode() not in raw, (alias, value)
        for value in ciphertexts:
            assert value.encode() not in raw, (alias, "ciphertext")
        assert wrapped not in raw, (alias, "wrapped key")
    assert b"%PDF" not in media and identifying["file"].encode() not in media
    assert not [p for p in media_root.rglob("*") if p.is_file()]

    # The copy taken before cannot be decrypted: the key is gone.
    ring = KeyRing()
    assert ring.key(identity_copy.client.key_id) is None
    assert identity_copy.reveal(ring).second_name == ERASED_VALUE
    assert client_copy.reveal(ring).referral_details == ERASED_VALUE


def test_sqlite_databases_overwrite_deleted_content():
    for alias in ("default", "keystore"):
        connection = connections[alias]
        if connection.vendor != "sqlite":
            pytest.skip("SQLite only")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1, alias


def test_the_keystore_is_vacuumed_on_postgresql_outside_a_transaction():
    from django.db import transaction

    from reintegra.vault.operations import compact_keystore

    postgres = connections["keystore"].vendor == "postgresql"
    assert compact_keystore() is postgres
    with transaction.atomic(using="keystore"):
        assert compact_keystore() is False  # VACUUM cannot run in a transaction block
