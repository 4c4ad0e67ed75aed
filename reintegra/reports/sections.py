"""The analytical report's figures, aggregated in SQL over the people counted.

Each section is a function ``section(ctx) -> Section | None`` in ``SECTIONS`` (ordered);
the legal and outcome sections appear only when their apps are installed and read through
``PROVIDERS``, the one seam where a test (or the lead, after merging) gives the selectors.
Sections return true figures (``disclosure.Table``, ``disclosure.Statistic``); the report
(``report.py``) protects them for the audience. Only clients with an active consent to
statistics are counted anywhere (``privacy.selectors.clients_consenting_to_statistics``).
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.clients import choices as cc
from reintegra.clients.models import Client
from reintegra.core.dates import show_date
from reintegra.privacy.regions import Region, region_of
from reintegra.privacy.selectors import clients_consenting_to_statistics

from . import disclosure as d
from .disclosure import T

DEFAULT_TARGET = 30  # the programme's target number of clients (its grant agreement)


@dataclass
class Context:
    actor: object
    organisation: object
    start: dt.date
    end: dt.date
    language: str
    public: bool
    k: int
    people: object = None  # a queryset of the counted clients' pks: a subquery, never a list
    n: int = 0

    @cached_property
    def client_ids(self) -> list[int]:
        """The ids, for the other apps' selectors that take a list."""
        return list(self.people.values_list("pk", flat=True))


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[d.Table] = field(default_factory=list)
    statistics: list[d.Statistic] = field(default_factory=list)
    links: list[d.Link] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)  # {"table": id, "kind": "bar"}
    caveats: list[str] = field(default_factory=list)


def population(*, organisation, start: dt.date, end: dt.date):
    """The clients served in the period who consent to statistics, as a subquery of pks
    (at 100,000 clients a list of ids would not fit in one SQL statement)."""
    consenting = clients_consenting_to_statistics(organisation=organisation).values("pk")
    served = Client.objects.filter(pk__in=consenting, intake_date__lte=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    return served.values("pk")


def _clients(ctx):
    return Client.objects.filter(pk__in=ctx.people)


def _total_link(a: str, b: str) -> d.Link:
    return d.Link((a, (T, T)), (b, (T, T)))


# --- Who was served -------------------------------------------------------------------------

GENDER_GROUPS = {cc.Gender.FEMININE: "women", cc.Gender.MASCULINE: "men"}
BROAD_AGES = {"0-8": "0-17", "9-17": "0-17", "18-20": "18-29", "21-23": "18-29",
              "24-26": "18-29", "27-29": "18-29", "30-38": "30-47", "39-47": "30-47",
              "48+": "48+"}


def _first_country(value) -> str:
    """The first citizenship (a multi-citizenship person counts once, by the first)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    value = getattr(value, "code", value)
    return str(value or "").split(",")[0]


def served(ctx: Context) -> Section:
    qs = _clients(ctx)
    n = ctx.n
    target = getattr(settings, "REPORT_TARGET_CLIENTS", DEFAULT_TARGET)
    section = Section("served", _("Who was served"))
    section.paragraphs.append(
        _("The programme's target was %(target)s clients. People counted in this report "
          "(served in the period and consenting to statistics): see the tables below.")
        % {"target": target})
    section.statistics.append(d.Statistic(
        "served_against_target", _("People served as a percentage of the target"),
        round(100 * n / target, 1) if target else None, n, "percentage",
        ref=("served_gender", (T, T))))

    # gender: the HTCDS values merged into three groups (the others are too small to show)
    counts = defaultdict(int)
    for gender, count in qs.values_list("gender").annotate(n=Count("pk")):
        counts[GENDER_GROUPS.get(gender, "other")] += count
    labels = [("women", _("Women")), ("men", _("Men")),
              ("other", _("Another gender or not stated"))]
    section.tables.append(d.people_table(
        "served_gender", _("People served by gender"), [lab for _k, lab in labels],
        [_("People")], [[counts[k]] for k, _lab in labels]))

    # age: CTDC's bands, or broader ones when that publishes more people
    ages = dict(qs.values_list("age_band").annotate(n=Count("pk")))
    bands = [b for b, _lab in cc.AGE_BAND_CHOICES]
    unknown = _("Not known")
    fine = d.people_table("served_age", _("People served by age at intake"),
                          [*bands, unknown], [_("People")],
                          [[ages.get(b, 0)] for b in bands] + [[ages.get("", 0)]])
    broad_order = ["0-17", "18-29", "30-47", "48+", unknown]
    broad = d.merge_rows(fine, BROAD_AGES, broad_order)
    section.tables.append(d.choose_granularity([fine, broad], k=ctx.k, public=ctx.public))

    # citizenship: regions (UN M49), or home country against all others
    by_region = defaultdict(int)
    for citizenship, count in qs.values_list("citizenship").annotate(n=Count("pk")):
        by_region[region_of(_first_country(citizenship))] += count
    order = [r for r in Region if by_region.get(r)]
    names = dict(Region.choices)
    regions = d.people_table("served_citizenship", _("People served by citizenship"),
                             [str(names[r]) for r in order], [_("People")],
                             [[by_region[r]] for r in order])
    home = str(names[Region.HOME])
    abroad = _("Other countries")
    coarse = d.merge_rows(regions, {str(names[r]): (home if r == Region.HOME else abroad)
                                    for r in order}, [home, abroad])
    coarse = d.people_table(coarse.id, coarse.title, [home, abroad], [_("People")],
                            [[by_region.get(Region.HOME, 0)],
                             [n - by_region.get(Region.HOME, 0)]])
    section.tables.append(d.choose_granularity([regions, coarse] if order else [coarse],
                                               k=ctx.k, public=ctx.public))

    # forms of exploitation: a multi-select, so only the people are a total
    forms = [(value, label) for value, label in cc.ExploitationType.choices]
    form_counts = {value: qs.filter(exploitation_types__contains=f"|{value}|").count()
                   for value, _lab in forms}
    section.tables.append(d.multi_select_table(
        "served_exploitation", _("People by form of exploitation (one person may have several)"),
        [str(label) for _v, label in forms], [_("People")],
        [[form_counts[v]] for v, _lab in forms], people=n))

    # referral: the coded reason (the referring organisation's name is free text: not shown)
    reasons = dict(qs.values_list("referral_reason").annotate(n=Count("pk")))
    rows = [(v, str(lab)) for v, lab in cc.ReferralReason.choices] + [("", _("Not recorded"))]
    section.tables.append(d.people_table(
        "served_referral", _("People by reason for referral"), [lab for _v, lab in rows],
        [_("People")], [[reasons.get(v, 0)] for v, _lab in rows]))

    ids = [t.id for t in section.tables]
    section.links = [_total_link(ids[0], other) for other in ids[1:]]
    section.charts = [{"table": "served_gender", "kind": "bar"},
                      {"table": "served_age", "kind": "bar"},
                      {"table": "served_citizenship", "kind": "bar"}]
    return section


# --- Assistance delivered -------------------------------------------------------------------


def _attended_rows(ctx):
    """(activity id, client id, start, end, sessions) for attended sessions in the period,
    counted in SQL by session length."""
    from reintegra.programme.models import ATTENDED, Attendance

    return (Attendance.objects.filter(
        client_id__in=ctx.people, status__in=ATTENDED, session__cancelled=False,
        session__date__gte=ctx.start, session__date__lte=ctx.end)
        .values_list("session__offering__activity_id", "client_id", "session__start_time",
                     "session__end_time")
        .annotate(n=Count("pk")))


def _hours(start, end) -> float:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return max(minutes, 0) / 60


def assistance(ctx: Context) -> Section:
    from reintegra.programme.models import Activity, ActivityKind, Attendance, Enrolment

    section = Section("assistance", _("Assistance delivered"))
    activities = {a.pk: a for a in Activity.objects.filter(organisation=ctx.organisation)}
    hours_records, session_records = [], []
    per_client = defaultdict(set)
    group_kinds = defaultdict(set)
    for activity_id, client_id, start, end, n in _attended_rows(ctx):
        hours_records.append((activity_id, client_id, _hours(start, end) * n))
        session_records.append((activity_id, client_id, n))
        per_client[client_id].add(activity_id)
        group_kinds[client_id].add(activities[activity_id].group)
    used = sorted({a for a, _c, _h in hours_records},
                  key=lambda pk: activities[pk].name(ctx.language))
    row = {pk: i for i, pk in enumerate(used)}
    labels = [activities[pk].name(ctx.language) for pk in used]
    section.tables.append(d.magnitude_table(
        "assistance_hours", _("Hours attended per activity"), "hours", labels, [_("Hours")],
        [(row[a], 0, c, h) for a, c, h in hours_records]))
    section.tables.append(d.magnitude_table(
        "assistance_sessions", _("Sessions attended per activity"), "sessions", labels,
        [_("Sessions")], [(row[a], 0, c, s) for a, c, s in session_records]))
    people = defaultdict(set)
    for a, c, _h in hours_records:
        people[a].add(c)
    section.tables.append(d.multi_select_table(
        "assistance_people", _("People who attended each activity"), labels, [_("People")],
        [[len(people[pk])] for pk in used], people=len(per_client)))

    # attendance rate, counted from each client's enrolment: from the earlier of the
    # enrolment date and the first mark (records entered after the fact)
    enrolments = (Enrolment.objects.filter(client_id__in=ctx.people)
                  .exclude(status="waiting")
                  .values_list("offering__activity_id", "client_id", "offering_id",
                               "enrolled_at"))
    first_mark = dict(((c, o), day) for c, o, day in Attendance.objects.filter(
        client_id__in=ctx.people).values_list("client_id", "session__offering_id")
        .annotate(first=Min("session__date")))
    from reintegra.programme.models import Session

    held_by_offering = defaultdict(list)
    for offering_id, day in Session.objects.filter(
            offering__enrolments__client_id__in=ctx.people, cancelled=False,
            date__gte=ctx.start, date__lte=min(ctx.end, dt.date.today())).values_list(
            "offering_id", "date").distinct():
        held_by_offering[offering_id].append(day)
    attended = defaultdict(int)
    for a, c, s in session_records:
        attended[(a, c)] += s
    rate_people = defaultdict(list)
    for activity_id, client_id, offering_id, enrolled_at in enrolments:
        since = enrolled_at.date()
        mark = first_mark.get((client_id, offering_id))
        if mark and mark < since:
            since = mark
        held = sum(1 for day in held_by_offering[offering_id] if day >= since)
        if held:
            rate_people[activity_id].append(min(attended[(activity_id, client_id)] / held, 1))
    for pk in used:
        rates = rate_people.get(pk, [])
        section.statistics.append(d.Statistic(
            f"attendance_rate_{pk}",
            _("Attendance rate, %(activity)s (median, %% of sessions held since enrolment)")
            % {"activity": activities[pk].name(ctx.language)},
            round(100 * pystats.median(rates), 1) if rates else None, len(rates), "median"))

    # how individual the offer was
    buckets = ["1", "2", "3", "4", "5+"]
    count = defaultdict(int)
    for acts in per_client.values():
        count[buckets[min(len(acts), 5) - 1]] += 1
    section.tables.append(d.people_table(
        "assistance_activities_per_client", _("People by number of activities attended"),
        buckets, [_("People")], [[count[b]] for b in buckets]))
    kinds = [(frozenset({True}), _("Group work only")),
             (frozenset({False}), _("Individual work only")),
             (frozenset({True, False}), _("Both group and individual work"))]
    by_kind = defaultdict(int)
    for value in group_kinds.values():
        by_kind[frozenset(value)] += 1
    section.tables.append(d.people_table(
        "assistance_work_form", _("People by form of work"), [lab for _k, lab in kinds],
        [_("People")], [[by_kind[k]] for k, _lab in kinds]))
    section.links = [_total_link("assistance_activities_per_client", "assistance_work_form"),
                     _total_link("assistance_activities_per_client", "assistance_people")]
    section.statistics.append(d.Statistic(
        "activities_per_client_mean", _("Activities per person (mean)"),
        round(sum(map(len, per_client.values())) / len(per_client), 1) if per_client else None,
        len(per_client), "mean", ref=("assistance_activities_per_client", (T, T))))
    section.paragraphs.append(_(
        "Hours and sessions count attended sessions (present or late) that were held in the "
        "period. Activity kinds in the catalogue: %(kinds)s.")
        % {"kinds": ", ".join(str(label) for _v, label in ActivityKind.choices)})
    section.charts = [{"table": "assistance_hours", "kind": "barh"}]
    return section


# --- Life situation -------------------------------------------------------------------------


def life_situation(ctx: Context) -> Section:
    from reintegra.plans.models import DomainRating
    from reintegra.programme.models import Domain

    section = Section("life_situation", _("Life situation: intake against the latest "
                                          "assessment"))
    ratings = (DomainRating.objects.filter(assessment__client_id__in=ctx.people,
                                           assessment__assessed_on__lte=ctx.end)
               .values_list("assessment__client_id", "domain", "assessment__assessed_on",
                            "assessment_id", "rating").order_by(
                   "assessment__assessed_on", "assessment_id"))
    first, last = {}, {}
    for client_id, domain, _day, assessment_id, rating in ratings:
        first.setdefault((client_id, domain), (assessment_id, rating))
        last[(client_id, domain)] = (assessment_id, rating)
    domains = list(Domain.choices)
    cols = [_("Improved"), _("Unchanged"), _("Worse")]
    cells, changes = [], defaultdict(list)
    for value, _label in domains:
        row = [0, 0, 0]
        for (client_id, domain), (first_id, start) in first.items():
            end_id, end = last[(client_id, domain)]
            if domain != value or end_id == first_id:
                continue  # assessed once: no change to tell
            change = start - end  # the scale rates need: less need is better
            changes[value].append(change)
            row[0 if change > 0 else 1 if change == 0 else 2] += 1
        cells.append(row)
    section.tables.append(d.people_table(
        "life_change", _("People assessed at least twice, by change in each life domain "
                         "(need on a 1-5 scale, first against latest: less need is "
                         "improved)"),
        [str(label) for _v, label in domains], cols, cells))
    for r, (value, label) in enumerate(domains):
        values = changes[value]
        section.statistics.append(d.Statistic(
            f"life_change_median_{value}",
            _("Median reduction in need, %(domain)s") % {"domain": label},
            float(pystats.median(values)) if values else None, len(values), "median",
            ref=("life_change", (r, T))))
    section.caveats.append(_("People assessed only once are not counted here. Ratings are the "
                             "programme's own 1-5 scale, given with the client; a change is "
                             "not proof that the programme caused it."))
    section.charts = [{"table": "life_change", "kind": "stacked"}]
    return section


# --- Challenges -----------------------------------------------------------------------------


def challenges(ctx: Context) -> Section:
    from reintegra.plans.choices import ChallengeCode
    from reintegra.plans.models import Challenge

    section = Section("challenges", _("Challenges met"))
    qs = Challenge.objects.filter(plan__client_id__in=ctx.people,
                                  noted_on__gte=ctx.start, noted_on__lte=ctx.end)
    counts = dict(qs.values_list("code").annotate(n=Count("plan__client_id", distinct=True)))
    people = qs.values("plan__client_id").distinct().count()
    codes = list(ChallengeCode.choices)
    section.tables.append(d.multi_select_table(
        "challenges", _("People who met each challenge (one person may meet several)"),
        [str(label) for _v, label in codes], [_("People")],
        [[counts.get(v, 0)] for v, _lab in codes], people=people))
    section.paragraphs.append(_(
        "Quotes: none. Challenges are recorded with a note for the case team, and there is no "
        "record of a client's or staff member's approval to publish a note, so the report "
        "quotes nobody."))
    section.charts = [{"table": "challenges", "kind": "barh"}]
    return section


# --- Activities and completion --------------------------------------------------------------


def completion(ctx: Context) -> Section:
    from reintegra.programme.models import Attendance

    section = Section("completion", _("Which sets of activities went with completion"))
    kinds = defaultdict(set)
    for client_id, group in (Attendance.objects.filter(client_id__in=ctx.people)
                             .values_list("client_id", "session__offering__activity__group")
                             .distinct()):
        kinds[client_id].add(group)
    rows = [(frozenset({True}), _("Group work only")),
            (frozenset({False}), _("Individual work only")),
            (frozenset({True, False}), _("Both group and individual work")),
            (frozenset(), _("No activity attended"))]
    cols = [_("Plan completed"), _("Closed for another reason"), _("Still in the programme")]
    cells = [[0, 0, 0] for _r in rows]
    index = {k: i for i, (k, _lab) in enumerate(rows)}
    for client_id, status, reason in _clients(ctx).values_list("pk", "status", "closure_reason"):
        r = index[frozenset(kinds.get(client_id, set()))]
        closed = status in cc.CLOSED_STATUSES
        c = 0 if closed and reason == cc.ClosureReason.COMPLETED else 1 if closed else 2
        cells[r][c] += 1
    section.tables.append(d.people_table("completion_by_set", _("People by set of activities "
                                                                 "and how their case ended"),
                                         [lab for _k, lab in rows], cols, cells))
    section.links = [_total_link("completion_by_set", "served_gender")]
    section.caveats.append(_(
        "An association, not an effect: people chose and were offered activities by their "
        "needs, those who stayed longer could take part in more, and the numbers are small. "
        "Read these figures as a question to explore, not as proof."))
    return section


# --- Legal and outcome sections (other apps' selectors) -------------------------------------


class Providers:
    """Where the legal and outcome sections read from. The real selectors by default;
    tests replace them (``PROVIDERS.legal = fake``)."""

    def __init__(self):
        self.legal: Callable | None = None
        self.outcomes: Callable | None = None

    def legal_outcomes(self):
        if self.legal is not None:
            return self.legal
        if not apps.is_installed("reintegra.legal"):
            return None
        from reintegra.legal.selectors import legal_outcomes_by_client  # noqa: PLC0415

        return legal_outcomes_by_client

    def cohort_figures(self):
        if self.outcomes is not None:
            return self.outcomes
        if not apps.is_installed("reintegra.outcomes"):
            return None
        from reintegra.outcomes.selectors import cohort_figures  # noqa: PLC0415

        return cohort_figures


PROVIDERS = Providers()
LEGAL_OUTCOMES = [("regularised", gettext_lazy("Legal status regularised")),
                  ("pending", gettext_lazy("Proceedings pending")),
                  ("not_regularised", gettext_lazy("Not regularised"))]


def legal(ctx: Context) -> Section | None:
    provider = PROVIDERS.legal_outcomes()
    if provider is None:
        return None
    outcomes = provider(actor=ctx.actor, client_ids=ctx.client_ids, start=ctx.start,
                        end=ctx.end)
    counts = defaultdict(int)
    for client_id in ctx.client_ids:
        counts[outcomes.get(client_id, "")] += 1
    rows = [*LEGAL_OUTCOMES, ("", gettext_lazy("No legal proceedings recorded"))]
    section = Section("legal", _("Legal status results"))
    section.tables.append(d.people_table("legal_outcomes", _("People by legal status at the "
                                                              "end of the period"),
                                         [str(lab) for _v, lab in rows], [_("People")],
                                         [[counts[v]] for v, _lab in rows]))
    section.links = [_total_link("legal_outcomes", "served_gender")]
    section.charts = [{"table": "legal_outcomes", "kind": "bar"}]
    return section


def outcomes(ctx: Context) -> Section | None:
    provider = PROVIDERS.cohort_figures()
    if provider is None:
        return None
    figures = provider(actor=ctx.actor, organisation=ctx.organisation, start=ctx.start,
                       end=ctx.end, client_ids=ctx.client_ids)
    section = Section("outcomes", _("Outcome results"))
    # Only instruments with pairs and a reliable-change classification (it needs the
    # instrument's reliability and norm SD) make rows: the table counts people by it.
    figures = [f for f in figures if f.get("n_pairs") and f.get("improved") is not None]
    if not figures:
        section.paragraphs.append(_("No outcome questionnaires were answered twice in the "
                                    "period."))
        return section
    labels = [f"{f['title']}" for f in figures]
    section.tables.append(d.people_table(
        "outcomes_change", _("People by change in each questionnaire (first against last)"),
        labels, [_("Improved"), _("Unchanged"), _("Worse")],
        [[f["improved"], f["unchanged"], f["deteriorated"]] for f in figures]))
    for row, f in enumerate(figures):
        n = f["n_pairs"]
        for key, label, kind in (
                ("median_change", _("median change"), "median"),
                ("hodges_lehmann", _("Hodges-Lehmann estimate of the change"), "median"),
                ("rank_biserial", _("rank-biserial correlation (effect size)"), "other"),
                ("p_value", _("p-value (%(method)s)") % {"method": f.get("method", "")},
                 "other")):
            value = f.get(key)
            section.statistics.append(d.Statistic(
                f"outcome_{f['code']}_{key}", f"{f['title']}: {label}",
                None if value is None else round(float(value), 3), n, kind,
                ref=("outcomes_change", (row, T))))
    section.caveats.append(_(
        "Before-and-after figures without a comparison group: a change is not proof of the "
        "programme's effect. p-values are for the Wilcoxon signed-rank test on paired "
        "answers; with small groups they are unstable, and effect sizes with their "
        "uncertainty say more."))
    section.charts = [{"table": "outcomes_change", "kind": "stacked"}]
    return section


def method(ctx: Context) -> Section:
    section = Section("method", _("Method and data protection"))
    section.paragraphs += [
        _("Figures count the clients served between %(start)s and %(end)s (intake on or "
          "before the end, case open on or after the start) who gave an active consent to "
          "the use of their non-identifying data for statistics; everyone else is left out "
          "of every figure.") % {"start": show_date(ctx.start),
                                 "end": show_date(ctx.end)},
        _("Figures are aggregated in the database; no names, codes or notes enter the "
          "report."),
    ]
    return section


SECTIONS: list[Callable[[Context], Section | None]] = [
    served, assistance, legal, life_situation, outcomes, challenges, completion, method,
]


def build_sections(ctx: Context) -> list[Section]:
    return [s for s in (section(ctx) for section in SECTIONS) if s is not None]

