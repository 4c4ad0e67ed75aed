"""The set-up link by e-mail, when the server has a mail server (EMAIL_HOST sets
settings.MAIL_CONFIGURED). The message holds the link and nothing about clients;
without a mail server nothing is sent and the coordinator passes the link on."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    return settings.MAIL_CONFIGURED


def send_setup_link(*, user, url, language=None) -> bool:
    """True when the message was handed to the mail server."""
    if not mail_configured() or not user.email:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Your reintegra account")
        body = _(
            "Open this link to choose your password and set up your authenticator app. "
            "It works once and expires in %(hours)s hours:\n\n%(url)s\n\n"
            "If you did not expect this message, ignore it."
        ) % {"hours": settings.SETUP_LINK_HOURS, "url": url}
    try:
        send_mail(subject, body, None, [user.email])
    except OSError as exc:  # smtplib errors are OSErrors: never a 500, the link is shown
        log.warning("set-up link for user %s not sent: %s", user.pk, type(exc).__name__)
        return False
    return True


class NoMailServerBackend(BaseEmailBackend):
    """The mailer when no EMAIL_HOST is set: a deliberate choice, not a development
    stand-in. Nothing is sent (and nothing fails): set-up links are shown to the
    coordinator, and self-service password reset by e-mail is off."""

    def send_messages(self, email_messages):
        if email_messages:
            log.info("no mail server configured: %s message(s) not sent", len(email_messages))
        return 0
