from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from reintegra.core.testing import PASSWORD

CHANGE = reverse("account_change_password")


def test_argon2_hashes_every_new_password(people):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert people.alice.password.startswith("argon2$")
    assert identify_hasher(people.alice.password).algorithm == "argon2"


def _change(client, new):
    return client.post(CHANGE, {"oldpassword": PASSWORD, "password1": new, "password2": new})


def test_a_weak_new_password_is_refused_with_a_reason(client, people):
    client.force_login(people.bob)
    # too short; too common; only digits
    for weak in ("Sh0rt!pass", "password1234", "12345678901234"):
        response = _change(client, weak)
        assert response.status_code == 200, weak
        assert response.context["form"].errors["password1"], weak
    people.bob.refresh_from_db()
    assert people.bob.check_password(PASSWORD)


def test_a_strong_new_password_is_accepted(client, people):
    client.force_login(people.bob)
    response = _change(client, "plum quartz harbour lantern")
    assert response.status_code == 302
    people.bob.refresh_from_db()
    assert people.bob.check_password("plum quartz harbour lantern")
