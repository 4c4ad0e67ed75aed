"""Data-subject access (GDPR art. 15): everything held about one client, in one document.

A selector: it checks access, decrypts, and records the export. The same structure is
rendered as a page and offered as a JSON file. Keys are English and stable; values that
are codes come with a label in the chosen language.

Other apps add their part with ``register_section(fn)``: ``fn(client, ring)`` returns
``(key, data, audit_objects)`` where ``data`` is JSON-serialisable and ``audit_objects`` a
list of ``(object_type, [ids])`` whose audit events belong in the trail.
"""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients import choices as c
from reintegra.clients.languages import language_name
from reintegra.clients.selectors import get_client
from reintegra.vault.keyring import KeyRing
from reintegra.vault.sealed import Erased

from . import access
from .models import ChecklistItem, Consent, ConsentPurpose, ErasureRequest
from .selectors import attachment_rows, audit_trail

FORMAT = "reintegra-subject-access/1"
LANGUAGES = ("pl", "en")
_sections = []


def register_section(fn):
    _sections.append(fn)
    return fn


def _plain(value):
    """JSON-ready: dates as ISO text, an erased value as the "[erased]" text."""
    if isinstance(value, Erased):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _coded(value, choices):
    if value in (None, ""):
        return None
    return {"code": value, "label": str(dict(choices.choices).get(value, value))}


def _coded_list(values, choices):
    return [_coded(v, choices) for v in values or []]


def _person(user):
    if user is None:
        return {"name": _("System"), "role": None}
    return {"name": user.display_name, "role": user.get_role_display() or None}


def subject_access_report(*, actor, client_pk: int, language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError("language must be pl or en")
    client = get_client(actor=actor, pk=client_pk)
    if not access.may_export_subject_data(actor, client):
        raise Http404("no such client")
    ring = KeyRing()
    with translation.override(language):
        report = _build(client, ring, language)
    record(actor=actor, action=Action.EXPORT, obj=client)
    return report


def _build(client, ring, language) -> dict:
    identity = client.identity.reveal(ring) if hasattr(client, "identity") else None
    case = client.reveal(ring)
    consents = list(Consent.objects.filter(client=client).select_related(
        "explained_by", "withdrawal_recorded_by"))
    attachments = attachment_rows(client=client, ring=ring)
    requests = list(ErasureRequest.objects.filter(client=client))
    audit_objects = [
        ("clients.client", [client.pk]),
        ("clients.attachment", [row.attachment.pk for row in attachments]),
        ("privacy.consent", [consent.pk for consent in consents]),
        ("privacy.erasurerequest", [r.pk for r in requests]),
    ]
    report = {
        "format": FORMAT,
        "language": language,
        "generated_at": _plain(timezone.now()),
        "organisation": client.organisation.name,
        "client": _client_part(client),
        "identity": _identity_part(identity),
        "case": _case_part(client, case),
        "consents": [_consent_part(consent, language) for consent in consents],
        "attachments": [
            {"name": _plain(row.name), "content_type": _plain(row.content_type),
             "size_bytes": row.attachment.size,
             "uploaded_at": _plain(row.attachment.uploaded_at),
             "uploaded_by": _person(row.attachment.uploaded_by)}
            for row in attachments
        ],
        "team": [_person(m.user) for m in
                 client.team_members.select_related("user").order_by("user__last_name")],
        "other": {},
    }
    for section in _sections:
        key, data, objects = section(client, ring)
        report["other"][key] = _plain(data)
        audit_objects.extend(objects)
    report["audit"] = [
        {"when": _plain(event.created_at), "who": _person(event.actor),
         "action": _coded(event.action, Action), "object_type": event.object_type,
         "object_id": event.object_id}
        for event in audit_trail(objects=audit_objects)
    ]
    return report


def _client_part(client) -> dict:
    return {
        "code": client.code,
        "status": _coded(client.status, c.CaseStatus),
        "intake_date": _plain(client.intake_date),
        "closed_at": _plain(client.closed_at),
        "erased_at": _plain(client.erased_at),
        "case_owner": _person(client.case_owner),
    }


def _identity_part(identity) -> dict | None:
    if identity is None:
        return None
    documents = identity.documents
    return {
        "first_name": _plain(identity.first_name),
        "second_name": _plain(identity.second_name),
        "chosen_name": _plain(identity.chosen_name),
        "birth_date": _plain(identity.birth_date),
        "phone": _plain(identity.phone),
        "email": _plain(identity.email),
        "documents": _plain(documents) if isinstance(documents, list | Erased) else [],
    }


def _case_part(client, case) -> dict:
    return {
        "gender": _coded(client.gender, c.Gender),
        "age_band": client.age_band or None,
        "citizenship": [{"code": country.code, "label": str(country.name)}
                        for country in client.citizenship],
        "primary_language": _language(client.primary_language),
        "secondary_language": _language(client.secondary_language),
        "trafficking_status": _coded(client.trafficking_status, c.TraffickingStatus),
        "trafficking_status_decided_by": _coded(client.trafficking_status_decided_by,
                                                c.DecisionMaker),
        "exploitation_types": _coded_list(client.exploitation_types, c.ExploitationType),
        "control_methods": _coded_list(client.control_methods, c.ControlMethod),
        "relationship_to_trafficker": _coded(client.relationship_to_trafficker,
                                             c.Relationship),
        "exploitation_country": (
            {"code": client.exploitation_country.code,
             "label": str(client.exploitation_country.name)}
            if client.exploitation_country else None
        ),
        "referral_organisation": client.referral_organisation or None,
        "referral_date": _plain(client.referral_date),
        "referral_reason": _coded(client.referral_reason, c.ReferralReason),
        "referral_details": _plain(case.referral_details),
        "art9_basis": _coded(client.art9_basis, c.Art9Basis),
        "closure_reason": _coded(client.closure_reason, c.ClosureReason),
        "closure_note": _plain(case.closure_note),
    }


def _language(code):
    return {"code": code, "label": language_name(code)} if code else None


def _consent_part(consent, language) -> dict:
    return {
        "purpose": _coded(consent.purpose, ConsentPurpose),
        "shared_with": consent.shared_with or None,
        "given_on": _plain(consent.given_on),
        "language": {"code": consent.language,
                     "label": language_name(consent.language, language)},
        "explained_by": _person(consent.explained_by),
        "items_explained": _coded_list(consent.items_explained, ChecklistItem),
        "withdrawn_on": _plain(consent.withdrawn_on),
        "withdrawal_recorded_by": (_person(consent.withdrawal_recorded_by)
                                   if consent.withdrawal_recorded_by else None),
    }
