import datetime
import random
import re
import sys
import time
import types
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from reintegra.accounts.models import Organisation, Role, User
from reintegra.audit.models import AuditEvent
from reintegra.clients import choices as c
from reintegra.clients.models import Client
from reintegra.core.testing import make_user
from reintegra.demo import cohort
from reintegra.demo.context import DemoContext
from reintegra.demo.hooks import run_hooks
from reintegra.demo.logins import seconds_left
from reintegra.demo.staff import DEMO_ORGANISATION, DEMO_PASSWORD, totp_secret_of
from reintegra.vault.keyring import KeyRing
from reintegra.vault.sealed import Erased


def seed(seed=7, **options):
    out = StringIO()
    call_command("seed_demo", seed=seed, stdout=out, **options)
    return out.getvalue()


def demo_clients():
    return Client.objects.filter(organisation__name=DEMO_ORGANISATION).select_related(
        "identity").order_by("code")


def snapshot():
    """What a seed decides: codes, countries, decrypted names, statuses."""
    ring = KeyRing()
    rows = []
    for client in demo_clients():
        identity = client.identity.reveal(ring)
        rows.append((client.code, [str(x) for x in client.citizenship], identity.first_name,
                     identity.second_name, client.status, client.intake_date))
    return rows


def wait_for_a_fresh_code():
    """allauth accepts the current 30-second window only (TOTP_TOLERANCE = 0): start a
    code test early in a window, so that it does not roll over mid-test."""
    if seconds_left() < 10:
        time.sleep(seconds_left() + 0.2)


def seeded_then_rolled_back(seed_value):
    """Seed, take a snapshot, and roll both databases back, so another seed can run."""
    with transaction.atomic(), transaction.atomic(using="keystore"):
        seed(seed_value)
        rows = snapshot()
        transaction.set_rollback(True, using="keystore")
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_demo_and_another_seed_another():
    first = seeded_then_rolled_back(7)
    assert not Organisation.objects.filter(name=DEMO_ORGANISATION).exists()
    again = seeded_then_rolled_back(7)
    other = seeded_then_rolled_back(8)
    assert len(first) == 41
    assert first == again
    assert [row[2:4] for row in other] != [row[2:4] for row in first]


@pytest.mark.django_db
def test_the_demo_has_41_clients_from_8_countries_and_staff_for_every_role():
    output = seed()
    assert "41" in output
    clients = list(demo_clients())
    assert len(clients) == 41
    countries = {str(code) for client in clients for code in client.citizenship}
    assert countries == {"PL", "UA", "VN", "RO", "BG", "BY", "NG", "PH"}
    polish_women_sex = [
        cl for cl in clients if [str(x) for x in cl.citizenship] == ["PL"]
        and cl.gender == c.Gender.FEMININE and "SexualExploitation" in cl.exploitation_types
    ]
    assert len(polish_women_sex) >= 10  # the programme's largest group (docs/domain.md 1)
    staff = User.objects.filter(organisation__name=DEMO_ORGANISATION)
    roles = [u.role for u in staff]
    assert set(roles) == set(Role.values)
    assert roles.count(Role.CASE_WORKER) == 3 and roles.count(Role.TRAINER) == 3
    for user in staff:
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert len({user.password for user in staff}) == 1  # one hash, made once
    assert staff[0].check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_clients_are_sealed_realistic_and_have_case_teams():
    seed()
    ring = KeyRing()
    clients = list(demo_clients())
    names = []
    for client in clients:
        identity = client.identity.reveal(ring)
        assert not isinstance(identity.first_name, Erased)
        assert identity.first_name not in client.identity.first_name_sealed
        names.append(f"{identity.first_name} {identity.second_name}")
        members = set(client.team_members.values_list("user_id", flat=True))
        assert client.case_owner_id in members
        assert datetime.date(2025, 1, 1) <= client.intake_date <= datetime.date(2026, 12, 31)
        assert client.age_band
    text = " ".join(names)
    assert re.search("[А-Яа-яІіЇїЎў]", text)  # Ukrainian, Belarusian, Bulgarian Cyrillic
    assert re.search("[ăâêôơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
                     text.lower())  # Vietnamese diacritics
    assert re.search("[șțȘȚ]", text)  # Romanian, comma below
    closed = [cl for cl in clients if cl.status in c.CLOSED_STATUSES]
    assert 0 < len(closed) < len(clients)
    assert all(cl.closed_at and cl.closed_at >= cl.intake_date for cl in closed)


@pytest.mark.django_db
def test_a_second_run_does_nothing():
    seed()
    counts = (Client.objects.count(), User.objects.count(), AuditEvent.objects.count())
    output = seed(seed=99)
    assert "already exists" in output or "już istnieje" in output
    assert (Client.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_demo_logins_prints_codes_that_validate_and_only_demo_users():
    seed()
    outsider = make_user("outsider", Role.COORDINATOR,
                         Organisation.objects.create(name="Real Foundation"))
    wait_for_a_fresh_code()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert outsider.username not in text
    for user in User.objects.filter(organisation__name=DEMO_ORGANISATION):
        line = next(row for row in text.splitlines() if row.startswith(user.username + " "))
        secret, code = line.split()[-3:-1]
        assert secret == totp_secret_of(user)
        assert re.fullmatch(r"\d{6}", code)
        assert validate_totp_code(totp_secret_of(user), code)
    assert DEMO_PASSWORD in text
    assert "demo-keys" in text


@pytest.mark.django_db
def test_a_demo_user_signs_in_with_the_password_and_the_printed_code(client):
    seed()
    wait_for_a_fresh_code()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("caseworker1 "))
    response = client.post(reverse("account_login"),
                           {"login": "caseworker1", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": line.split()[-2]})
    assert response.status_code == 302
    assert client.get(reverse("clients:list")).status_code == 200


@pytest.mark.django_db
def test_the_commands_refuse_to_run_in_production():
    seed()
    with override_settings(PRODUCTION=True):
        with pytest.raises(CommandError):
            call_command("demo_logins", stdout=StringIO())
        with pytest.raises(CommandError):
            call_command("seed_demo", seed=1, clients=10, stdout=StringIO())


@pytest.mark.django_db
def test_demo_logins_without_a_demo_says_what_to_do():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("demo_logins", stdout=StringIO())


@pytest.mark.django_db
def test_other_apps_get_the_demo_context(monkeypatch):
    received = []
    module = types.ModuleType("reintegra.programme.demo")
    module.seed = received.append
    monkeypatch.setitem(sys.modules, "reintegra.programme.demo", module)
    output = seed()
    (context,) = received
    assert isinstance(context, DemoContext)
    assert context.organisation.name == DEMO_ORGANISATION
    assert len(context.clients) == 41 and all(cl.pk for cl in context.clients)
    assert set(context.staff) == set(Role.values)
    assert all(context.staff[role] for role in Role.values)
    assert context.first(Role.COORDINATOR).role == Role.COORDINATOR
    assert max(cl.intake_date for cl in context.clients) < context.today
    assert isinstance(context.rng, random.Random)
    assert "reintegra.programme.demo" in output


def test_a_missing_demo_module_is_skipped_but_a_broken_one_is_not(tmp_path, monkeypatch):
    package = tmp_path / "fakeapps"
    for app in ("plans", "programme", "privacy"):
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "plans" / "demo.py").write_text("def seed(context):\n    context.append('plans')\n")
    (package / "privacy" / "demo.py").write_text("import no_such_library  # noqa\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    calls = []
    ran = run_hooks("seed", calls, apps=("plans", "programme"), package="fakeapps")
    assert ran == ["fakeapps.plans.demo"] and calls == ["plans"]
    with pytest.raises(ModuleNotFoundError):
        run_hooks("seed", calls, apps=("privacy",), package="fakeapps")


def test_the_cohort_keeps_to_the_programme_window():
    specs, today = cohort.demo_cohort(random.Random(3))
    first, last = cohort.intake_window(today)
    assert len(specs) == 41
    assert len({s.country for s in specs}) == 8
    for spec in specs:
        assert first <= spec.case["intake_date"] <= last < today
        assert spec.case["referral_date"] < spec.case["intake_date"]
        assert spec.identity["birth_date"] < spec.case["intake_date"]
        if spec.closure:
            assert spec.case["intake_date"] < spec.closure[1] < today


def test_the_demo_is_dated_relative_to_the_day_it_is_seeded():
    import datetime

    from django.utils import timezone

    _specs, today = cohort.demo_cohort(random.Random(3))
    assert today == timezone.localdate()
    specs, other = cohort.demo_cohort(random.Random(3), today=datetime.date(2031, 5, 5))
    assert other == datetime.date(2031, 5, 5)
    assert max(s.case["intake_date"] for s in specs) <= other - datetime.timedelta(days=28)
