"""Coded values of the legal app (plain columns: they are counted and filtered)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusKind(models.TextChoices):
    POLISH_CITIZEN = "polish_citizen", _("Polish citizen")
    CERTIFICATE_170 = "certificate_170", _("Certificate of presumed victim status (art. 170)")
    PERMIT_176 = "permit_176", _("Temporary residence permit for a victim (art. 176)")
    PERMANENT_RESIDENCE = "permanent_residence", _("Permanent residence")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (citizen of Ukraine)")
    CUKR = "cukr", _("CUKR card (citizen of Ukraine)")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection")
    WORK_PERMIT = "work_permit", _("Work-based residence permit")
    VISA = "visa", _("Visa or visa-free stay")
    EU_CITIZEN = "eu_citizen", _("EU citizen")
    NO_TITLE = "no_title", _("No legal title to stay")


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied, decision pending")
    GRANTED = "granted", _("Granted, in force")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


class Authority(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER_GUARD = "border_guard", _("Border Guard")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    VOIVODE = "voivode", _("Voivode")
    HEAD_OF_OFFICE = "office_for_foreigners", _("Head of the Office for Foreigners")
    MUNICIPALITY = "municipality", _("Municipality")
    COURT = "court", _("Court")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    MOS = "mos", _("Electronic (MOS 2.0)")
    PAPER = "paper", _("On paper, in person")
    OTHER = "other", _("Other")


class EndReason(models.TextChoices):
    RECONTACT = "recontact", _("Re-contacted the suspects of own will")
    BORDER = "illegal_border", _("Crossed or tried to cross the border illegally")
    REPLACED = "replaced", _("Replaced by another title")
    LEFT = "left_poland", _("Left Poland")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    TRAVEL = "travel_document", _("Travel document")
    RESIDENCE_CARD = "residence_card", _("Residence card")
    BIRTH = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other document")


class DocumentState(models.TextChoices):
    HELD = "held", _("Held by the client")
    MISSING = "missing", _("Missing")
    WITHHELD = "withheld", _("Withheld by the trafficker")
    REPLACING = "being_replaced", _("Being replaced")


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal case (art. 189a Criminal Code)")
    LABOUR = "labour", _("Labour case")
    CIVIL = "civil", _("Civil case")
    OTHER = "other", _("Other proceedings")


class ClientRole(models.TextChoices):
    WITNESS = "witness", _("Witness")
    AGGRIEVED = "aggrieved", _("Aggrieved party")
    AUXILIARY = "auxiliary_prosecutor", _("Auxiliary prosecutor")
    CLAIMANT = "claimant", _("Claimant")


class Outcome(models.TextChoices):
    OPEN = "open", _("Open")
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISCONTINUED = "discontinued", _("Discontinued")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    SETTLED = "settled", _("Settled")
    OTHER = "other", _("Other")


class ClaimKind(models.TextChoices):
    ART_46 = "art_46", _("Compensation order (art. 46 Criminal Code)")
    STATE = "state_2005", _("State compensation (act of 7 July 2005)")
    LABOUR = "labour", _("Labour claim (unpaid wages)")
    CIVIL = "civil", _("Civil damages")


class Trigger(models.TextChoices):
    """The event a deadline rule counts from."""

    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    PERMIT_STARTS = "permit_starts", _("Art. 176 permit starts")
    PERMIT_ENDS = "permit_ends", _("Art. 176 permit ends")
    ENTRY = "entry_to_poland", _("Entry to Poland (citizen of Ukraine)")
    TEMPORARY_PROTECTION = "temporary_protection", _("Under temporary protection")
    CUKR_APPLIED = "cukr_applied", _("CUKR card applied for")
    HARM_APPEARED = "harm_appeared", _("Harm appeared (state compensation)")
    OFFENCE = "offence_committed", _("Offence committed (state compensation)")
    DOCUMENT_EXPIRES = "document_expires", _("Document expires")


class Outcome3(models.TextChoices):
    """The report's three legal outcomes."""

    REGULARISED = "regularised", _("Regularised")
    PENDING = "pending", _("Pending")
    NOT_REGULARISED = "not_regularised", _("Not regularised")
