"""Plain reads that both services and selectors need, with no access check and no audit
event of their own (their callers do both). Living here, they spare services and selectors
from importing each other (services may call selectors; selectors never call services)."""

import hashlib

from django.db.models import Q
from django.utils.translation import gettext as _

from reintegra.clients.choices import Gender

from .models import EnrolmentStatus, Offering, Session

FEMININE = (Gender.FEMININE, Gender.TRANSGENDER_FEMININE)


def roster_enrolments(session: Session):
    """Who belongs on this session's register: enrolled or completed, or withdrawn after
    the session's day (their attendance up to then still counts); in every case enrolled
    on or before the session's day (``selectors.enrolment_window``)."""
    return session.offering.enrolments.filter(
        Q(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED))
        | Q(status=EnrolmentStatus.WITHDRAWN, withdrawn_at__date__gt=session.date),
        enrolled_at__date__lte=session.date,
    )


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_warnings(*, client, offering: Offering) -> list[str]:
    """What the person deciding should know before enrolling (not a refusal): shown before
    the click by group enrolment (``candidates``) and checked again by the service."""
    warnings = []
    if offering.women_only and client.gender not in FEMININE:
        warnings.append(_("This offering is for women only."))
    spoken = {client.primary_language, client.secondary_language} - {""}
    # A language course is taught in the language being learnt: no warning there.
    teaches_language = "language" in (offering.activity.domains or ())
    if offering.language and spoken and offering.language not in spoken \
            and not teaches_language:
        warnings.append(_(
            "The offering is taught in a language the client's record does not list."
        ))
    return warnings
