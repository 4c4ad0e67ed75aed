"""Plain reads that both services and selectors need, with no access check and no audit
event of their own (their callers do both). Living here, they spare services and selectors
from importing each other (services may call selectors; selectors never call services)."""

import hashlib

from django.db.models import Q

from .models import EnrolmentStatus, Session


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
