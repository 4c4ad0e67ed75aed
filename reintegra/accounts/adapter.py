from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings

from reintegra.vault import crypto

_TOTP_KEY_ID = crypto.uuid.UUID(int=0)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Staff accounts are created by a coordinator or an administrator, never by signup.
        return False

    def pre_authenticate(self, request, **credentials):
        """allauth refuses a login here once ACCOUNT_RATE_LIMITS["login_failed"] is spent,
        before it checks the password; the refusal goes to the audit trail."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            from reintegra.audit.models import Action

            from .receivers import account_named, record_login_attempt

            record_login_attempt(action=Action.LOGIN_LOCKED, user=account_named(credentials))
            raise


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted with a key that lives outside the database."""

    def _key(self) -> bytes:
        return crypto.parse_key(settings.MFA_SECRET_KEY, name="MFA key")

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(self._key(), _TOTP_KEY_ID, text.encode(), aad="mfa.totp")

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(self._key(), encrypted_text, aad="mfa.totp").decode()
