"""What a current legal title gives: may the client stay, may they work, are they entitled
to social assistance. Each answer carries its source; (check) marks what is unverified.

Sources: Act on Foreigners of 12 Dec 2013 (art. 170-176: the certificate gives a legal
stay and no right to work; the art. 176 permit allows work without a work permit); Act of
12 March 2004 on social assistance, art. 5a (foreign victims on the certificate or an art.
176 permit: crisis intervention, shelter, meals, clothing, special-purpose allowance) and
art. 7 pt 7a; Act of 23 Jan 2026 (Dz.U. 2026 poz. 203) for citizens of Ukraine.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import Stage, StatusKind

YES, NO, UNKNOWN = "yes", "no", "unknown"


@dataclass(frozen=True)
class Rights:
    stay: str
    work: str
    assistance: str
    source: str
    verified: bool = True


TABLE = {
    StatusKind.POLISH_CITIZEN: Rights(YES, YES, YES, _("Polish citizenship")),
    StatusKind.EU_CITIZEN: Rights(YES, YES, UNKNOWN, _("EU free movement"), verified=False),
    StatusKind.CERTIFICATE_170: Rights(
        YES, NO, YES, _("Act on Foreigners art. 170; Social Assistance Act art. 5a")),
    StatusKind.PERMIT_176: Rights(
        YES, YES, YES, _("Act on Foreigners art. 176; Social Assistance Act art. 5a")),
    StatusKind.PERMANENT_RESIDENCE: Rights(YES, YES, YES, _("Act on Foreigners art. 195")),
    StatusKind.TEMPORARY_PROTECTION: Rights(
        YES, YES, UNKNOWN, _("Act of 23 Jan 2026 (Dz.U. 2026 poz. 203)"), verified=False),
    StatusKind.CUKR: Rights(YES, YES, UNKNOWN, _("Act of 23 Jan 2026 (Dz.U. 2026 poz. 203)"),
                            verified=False),
    StatusKind.INTERNATIONAL_PROTECTION: Rights(
        YES, YES, YES, _("Act of 13 June 2003 on granting protection"), verified=False),
    StatusKind.WORK_PERMIT: Rights(YES, YES, NO, _("Act on Foreigners"), verified=False),
    StatusKind.VISA: Rights(YES, UNKNOWN, NO, _("Act on Foreigners"), verified=False),
    StatusKind.NO_TITLE: Rights(NO, NO, NO, _("no legal title")),
}
RANK = {NO: 0, UNKNOWN: 1, YES: 2}


def rights_of(statuses) -> Rights | None:
    """The best of what the client's titles in force give (None without any title).
    A pending application gives nothing by itself here: whether it keeps the stay legal
    depends on the title it was filed on."""
    in_force = [TABLE[s.kind] for s in statuses if s.stage == Stage.GRANTED and s.kind in TABLE]
    if not in_force:
        return None

    def best(attr):
        return max((getattr(r, attr) for r in in_force), key=RANK.__getitem__)

    return Rights(stay=best("stay"), work=best("work"), assistance=best("assistance"),
                  source="; ".join(dict.fromkeys(str(r.source) for r in in_force)),
                  verified=all(r.verified for r in in_force))


LABELS = {YES: _("yes"), NO: _("no"), UNKNOWN: _("to check")}
