"""Every write of the outcomes app: importing instruments, scheduling and recording
questionnaires, self-completion links. Keyword-only arguments, the acting user first,
one transaction each, and the audit event inside it."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.vault.keyring import KeyRing

from . import definitions
from .access import may_administer
from .models import Administration, AnswerSet, Instrument, Mode, SelfCompletionLink, Timepoint

# Days after the plan's start at which each questionnaire falls due; an organisation
# changes them with the OUTCOMES_SCHEDULE setting.
DEFAULT_SCHEDULE = {"baseline": 0, "midpoint": 90, "exit": 180, "follow_up": 365}
LINK_SALT = "reintegra.outcomes.self-completion"
LINK_MINUTES = 60


def schedule_days() -> dict:
    return {**DEFAULT_SCHEDULE, **getattr(settings, "OUTCOMES_SCHEDULE", {})}


class InstrumentConflict(ValueError):
    pass


@transaction.atomic
def import_instrument(*, actor=None, data: dict, organisation=None) -> tuple[Instrument, bool]:
    """Validate and store one instrument version. The same file again changes nothing;
    a changed file under an existing version number is refused (a change is a new
    version, so that old answers keep scoring by theirs). Returns (instrument, created)."""
    definitions.validate(data)
    digest = definitions.digest(data)
    existing = Instrument.objects.filter(
        organisation=organisation, code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.digest != digest:
            raise InstrumentConflict(
                f"{data['code']} version {data['version']} exists with other content: "
                "a changed instrument needs a new version number")
        return existing, False
    try:
        with transaction.atomic():
            instrument = Instrument.objects.create(
                code=data["code"], version=data["version"], organisation=organisation,
                definition=data, digest=digest)
    except IntegrityError:
        raise InstrumentConflict(f"{data['code']} version {data['version']} exists") from None
    record(actor=actor, action=Action.CREATE, obj=instrument,
           organisation_id=getattr(organisation, "pk", None))
    return instrument, True


def import_shipped_instruments() -> list[Instrument]:
    """The instruments under reintegra/outcomes/instruments (idempotent)."""
    return [import_instrument(data=definitions.load_file(path))[0]
            for path in definitions.shipped_files()]


def _require(actor, client):
    if not may_administer(actor, client):
        raise PermissionDenied


@transaction.atomic
def schedule(*, actor, client, instruments, start: dt.date,
             timepoints=("baseline", "midpoint", "exit", "follow_up")) -> list[Administration]:
    """Baseline, midpoint, exit and follow-up questionnaires from ``start`` (a plan's
    start), at the configured intervals; time points already scheduled are kept."""
    _require(actor, client)
    days = schedule_days()
    made = []
    for instrument in instruments:
        have = set(Administration.objects.filter(
            client=client, instrument__code=instrument.code).values_list("timepoint", flat=True))
        for timepoint in timepoints:
            if timepoint in have:
                continue
            made.append(Administration.objects.create(
                client=client, instrument=instrument, timepoint=timepoint,
                due_on=start + dt.timedelta(days=days[timepoint]), created_by=actor))
    for administration in made:
        record(actor=actor, action=Action.CREATE, obj=administration)
    return made


@transaction.atomic
def add_administration(*, actor, client, instrument, timepoint=Timepoint.OTHER,
                       due_on=None) -> Administration:
    _require(actor, client)
    administration = Administration.objects.create(
        client=client, instrument=instrument, timepoint=timepoint,
        due_on=due_on or timezone.localdate(), created_by=actor)
    record(actor=actor, action=Action.CREATE, obj=administration)
    return administration


class AlreadyCompleted(ValidationError):
    pass


def clean_answers(instrument: Instrument, raw: dict) -> dict:
    """{item id: option value or None} from submitted strings; ValidationError when an
    answer is not one of the item's options (out of range)."""
    data = instrument.definition
    answers = {}
    for item in data["items"]:
        value = raw.get(str(item["id"]))
        if value in (None, ""):
            answers[str(item["id"])] = None
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError(_("An answer is not one of the options.")) from None
        number = int(number) if number.is_integer() else number
        if not definitions.check_answer(data, item, number):
            raise ValidationError(_("An answer is not one of the options."))
        answers[str(item["id"])] = number
    return answers


def _store(*, actor, administration, answers, mode, language, completed_on):
    """Score and seal one administration's answers; refuses a second submission."""
    locked = Administration.objects.select_for_update().get(pk=administration.pk)
    if locked.completed_on is not None:
        raise AlreadyCompleted(_("This questionnaire has already been completed."))
    result = definitions.score(locked.instrument.definition, answers)
    locked.completed_on = completed_on
    locked.mode = mode
    locked.language = language
    locked.valid = result.valid
    locked.score = result.value if result.valid else None
    locked.answered = result.answered
    locked.subscores = result.subscores
    locked.save()
    answer_set = AnswerSet(client=locked.client, administration=locked)
    answer_set.seal(KeyRing(), answers=answers)
    answer_set.save()
    record(actor=actor, action=Action.UPDATE, obj=locked, client_id=locked.client_id)
    return locked


@transaction.atomic
def record_answers(*, actor, administration, answers: dict, language: str,
                   completed_on: dt.date | None = None) -> Administration:
    """Staff-administered (interview) mode: staff enter the client's answers."""
    _require(actor, administration.client)
    return _store(actor=actor, administration=administration, answers=answers,
                  mode=Mode.STAFF, language=language,
                  completed_on=completed_on or timezone.localdate())


# --- Self-completion -------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def start_self_completion(*, actor, client, instruments, language: str,
                          minutes: int = LINK_MINUTES) -> tuple[SelfCompletionLink, str]:
    """A one-time link for one client and one or more instruments: the open (due, not
    completed) administration of each instrument is used, or an ad hoc one is made.
    Returns the link and the signed token (shown once, never stored: only its hash)."""
    _require(actor, client)
    if not instruments:
        raise ValidationError(_("Choose at least one questionnaire."))
    administrations = []
    for instrument in instruments:
        open_one = (Administration.objects
                    .filter(client=client, instrument__code=instrument.code,
                            completed_on__isnull=True)
                    .order_by("due_on", "pk").first())
        administrations.append(open_one or Administration.objects.create(
            client=client, instrument=instrument, timepoint=Timepoint.OTHER,
            due_on=timezone.localdate(), created_by=actor))
    raw = secrets.token_urlsafe(32)
    link = SelfCompletionLink.objects.create(
        client=client, token_hash=_hash(raw), language=language, created_by=actor,
        expires_at=timezone.now() + dt.timedelta(minutes=minutes))
    link.administrations.set(administrations)
    record(actor=actor, action=Action.CREATE, obj=link, client_id=client.pk)
    return link, signing.dumps(raw, salt=LINK_SALT)


class LinkRefused(Exception):
    """The token is tampered, unknown, expired or used; ``reason`` says which."""

    def __init__(self, reason: str, language: str = "en"):
        super().__init__(reason)
        self.reason = reason
        self.language = language  # the link's, when it is known


def link_for(token: str, *, for_update=False) -> SelfCompletionLink:
    try:
        raw = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    query = SelfCompletionLink.objects.select_related("client")
    if for_update:
        query = query.select_for_update()
    link = query.filter(token_hash=_hash(raw)).first()
    if link is None:
        raise LinkRefused("invalid")
    if link.used_at is not None:
        raise LinkRefused("used", link.language)
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired", link.language)
    return link


@transaction.atomic
def submit_self_completion(*, token: str, answers_by_administration: dict) -> None:
    """Store the client's answers for every instrument of the link, once. The link is
    used up in the same transaction: a second submission is refused, nothing twice."""
    link = link_for(token, for_update=True)
    allowed = {a.pk: a for a in link.administrations.select_related("instrument", "client")}
    today = timezone.localdate()
    for pk, administration in allowed.items():
        _store(actor=None, administration=administration,
               answers=answers_by_administration.get(pk) or {
                   str(i["id"]): None for i in administration.instrument.definition["items"]},
               mode=Mode.SELF, language=link.language, completed_on=today)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    record(actor=None, action=Action.UPDATE, obj=link, client_id=link.client_id,
           organisation_id=link.client.organisation_id)
