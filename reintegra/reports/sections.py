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
from reintegra.privacy.regions import Region, home_country, region_of
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
    sums: list[d.Sum] = field(default_factory=list)
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
    # one pass over the people for every form (not one query per form)
    form_counts = qs.order_by().aggregate(**{
        f"form_{i}": Count("pk", filter=Q(exploitation_types__contains=f"|{value}|"))
        for i, (value, _lab) in enumerate(forms)})
    form_counts = {value: form_counts[f"form_{i}"] for i, (value, _lab) in enumerate(forms)}
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


# --- Activities, completion and improvement, per subgroup ----------------------------------

ACTIVITY_SETS = [((True, False), gettext_lazy("Group work only")),
                 ((False, True), gettext_lazy("Individual work only")),
                 ((True, True), gettext_lazy("Both group and individual work")),
                 ((False, False), gettext_lazy("No activity attended"))]
HOME, ABROAD, UNKNOWN_PLACE = "home", "abroad", ""
COMPLETED, CLOSED_OTHERWISE, OPEN = 0, 1, 2


def _subgroups() -> list[tuple[str, str]]:
    """Where the person was exploited: the home country (Poland), abroad, not recorded.
    Recorded for every client at intake (HTCDS vic_CountryOfExploitation), and it sets the
    legal path (a foreigner exploited in Poland has a residence route of their own);
    forms of exploitation are a multi-select and would count people twice."""
    from django_countries import countries

    home = home_country()
    return [(HOME, _("exploited in %(country)s") % {"country": countries.name(home) or home}),
            (ABROAD, _("exploited abroad")),
            (UNKNOWN_PLACE, _("place of exploitation not recorded"))]


def _activity_sets(ctx) -> dict[int, tuple[bool, bool]]:
    """Client id -> (attended group work, attended individual work), present or late,
    ever: one grouped pass over the attendance (hash joins), not a subquery per client."""
    from django.db.models import Case, IntegerField, Max, Value, When

    from reintegra.programme.models import ATTENDED, Attendance

    def flag(group: bool):
        return Max(Case(When(session__offering__activity__group=group, then=Value(1)),
                        default=Value(0), output_field=IntegerField()))

    rows = (Attendance.objects.filter(client_id__in=ctx.people, status__in=ATTENDED)
            .order_by().values("client_id").annotate(g=flag(True), i=flag(False))
            .values_list("client_id", "g", "i"))
    return {client_id: (bool(g), bool(i)) for client_id, g, i in rows.iterator(chunk_size=5000)}


def _place_and_end(ctx):
    """(client id, place of exploitation, how the case ended) for the counted clients,
    both worked out by the database."""
    from django.db.models import Case, CharField, IntegerField, Value, When

    home = home_country()
    place = Case(When(exploitation_country="", then=Value(UNKNOWN_PLACE)),
                 When(exploitation_country=home, then=Value(HOME)),
                 default=Value(ABROAD), output_field=CharField())
    ended = Case(When(status__in=cc.CLOSED_STATUSES, closure_reason=cc.ClosureReason.COMPLETED,
                      then=Value(COMPLETED)),
                 When(status__in=cc.CLOSED_STATUSES, then=Value(CLOSED_OTHERWISE)),
                 default=Value(OPEN), output_field=IntegerField())
    return (_clients(ctx).order_by().annotate(place=place, ended=ended)
            .values_list("pk", "place", "ended").iterator(chunk_size=5000))


def improvement_by_client(ctx) -> dict | None:
    """Who improved on the programme's primary instrument: {"instrument", "method",
    "improved": {client id: bool}} for the counted clients with a first and a last score
    in the period; None when no instrument was answered twice. The primary instrument is
    the setting REPORT_PRIMARY_INSTRUMENT, or else the one with the most such clients.
    Improved: a reliable change (RCI beyond 1.96) where the instrument gives the norm SD
    and reliability, else any change in the better direction."""
    provider = PROVIDERS.improvement
    if provider is not None:
        return provider(ctx)
    if not apps.is_installed("reintegra.outcomes"):
        return None
    from reintegra.outcomes import statistics as ostats  # noqa: PLC0415
    from reintegra.outcomes.selectors import latest_instruments, score_pairs  # noqa: PLC0415

    wanted = getattr(settings, "REPORT_PRIMARY_INSTRUMENT", "")
    counted = set(ctx.client_ids)
    best = None
    for instrument in latest_instruments(ctx.organisation):
        if wanted and instrument.code != wanted:
            continue
        pairs = [p for p in score_pairs(actor=ctx.actor, instrument_code=instrument.code,
                                        start=ctx.start, end=ctx.end) if p[0] in counted]
        if pairs and (best is None or len(pairs) > len(best[1])):
            best = (instrument, pairs)
    if best is None:
        return None
    instrument, pairs = best
    rci = instrument.definition.get("rci") or {}
    better = instrument.higher_is_better
    if rci.get("sd") and rci.get("reliability") is not None:
        improved = {c: ostats.classify_change(b, a, sd=rci["sd"], reliability=rci["reliability"],
                                              higher_is_better=better) == "improved"
                    for c, b, a in pairs}
        method = "rci"
    else:
        improved = {c: (a - b > 0) if better else (a - b < 0) for c, b, a in pairs}
        method = "direction"
    return {"instrument": instrument.title(ctx.language), "method": method,
            "improved": improved}


def completion(ctx: Context) -> Section:
    section = Section("completion", _("Which sets of activities went with completion and "
                                      "improvement"))
    places = _subgroups()
    sets = [(key, str(label)) for key, label in ACTIVITY_SETS]
    set_row = {key: i for i, (key, _l) in enumerate(sets)}
    place_col = {key: j for j, (key, _l) in enumerate(places)}

    def fine_row(in_group, individual, place) -> int:
        return set_row[(bool(in_group), bool(individual))] * len(places) + place_col[place]

    fine_labels = [f"{set_label} — {place_label}" for _k, set_label in sets
                   for _p, place_label in places]
    groups = [(set_label, [i * len(places) + j for j in range(len(places))])
              for i, (_k, set_label) in enumerate(sets)]

    # one pass over the counted clients: set of activities, place, how the case ended,
    # and (when there is a primary questionnaire) whether they improved
    sets_of = _activity_sets(ctx)
    found = improvement_by_client(ctx)
    improved = (found or {}).get("improved", {})
    cols = [_("Plan completed"), _("Closed for another reason"), _("Still in the programme")]
    cells = [[0, 0, 0] for _r in fine_labels]
    icells = [[0, 0, 0] for _r in fine_labels]
    for pk, place, how in _place_and_end(ctx):
        r = fine_row(*sets_of.get(pk, (False, False)), place)
        cells[r][how] += 1
        result = improved.get(pk)
        icells[r][2 if result is None else 0 if result else 1] += 1
    fine = d.people_table(
        "completion_by_set_subgroup",
        _("People by set of activities, where they were exploited, and how their case ended"),
        fine_labels, cols, cells)
    by_set, sums = d.summed_rows(fine, "completion_by_set",
                                 _("People by set of activities and how their case ended"),
                                 groups)
    section.tables += [by_set, fine]
    section.sums = sums
    section.links = [_total_link("completion_by_set", "served_gender")]

    # improvement on the primary instrument, by the same rows (no table without one)
    if found:
        section.tables.append(d.people_table(
            "improvement_by_set_subgroup",
            _("People by set of activities, where they were exploited, and change on the "
              "primary questionnaire"), fine_labels,
            [_("Improved"), _("Not improved"), _("No first and last measurement")], icells))
        # the same people in the same rows: the row totals are one figure
        section.links += [d.Link(("improvement_by_set_subgroup", (r, T)),
                                 ("completion_by_set_subgroup", (r, T)))
                          for r in range(len(fine_labels))]
        section.links.append(_total_link("improvement_by_set_subgroup",
                                         "completion_by_set_subgroup"))

    section.paragraphs.append(_(
        "Subgroups: where the person was exploited (in Poland, abroad, not recorded). It is "
        "recorded for everyone at intake and shapes the legal path; forms of exploitation "
        "would count a person with several forms more than once, and finer groups would "
        "be too small to show."))
    if found:
        how = (_("a reliable change (reliable change index beyond 1.96, from the "
                 "questionnaire's norm standard deviation and reliability)")
               if found["method"] == "rci" else
               _("any change in the better direction (the questionnaire has no norm "
                 "standard deviation and reliability, so a reliable change cannot be told)"))
        section.paragraphs.append(_(
            "Improvement is measured on %(instrument)s, the programme's primary "
            "questionnaire (the setting REPORT_PRIMARY_INSTRUMENT, or else the one answered "
            "twice by the most people), first against last score in the period: improved "
            "means %(how)s.") % {"instrument": found["instrument"], "how": how})
    else:
        section.paragraphs.append(_("No outcome questionnaire was answered twice in the "
                                    "period, so nobody can be counted as improved."))
    section.caveats += [
        _("The numbers are small: most cells are hidden in the public report, and a "
          "difference of a few people between groups means little."),
        _("An association, not an effect: there is no comparison group, so these figures "
          "do not show that a set of activities caused completion or improvement."),
        _("People chose, and were offered, activities by their needs and circumstances "
          "(self-selection); those who stayed longer could take part in more."),
        _("Follow-up measurements are missing for many people (those who left early, or "
          "answered once): they are counted apart, and those who were measured twice may "
          "not be like those who were not."),
    ]
    return section


# --- Legal and outcome sections (other apps' selectors) -------------------------------------


class Providers:
    """Where the legal and outcome sections read from. The real selectors by default;
    tests replace them (``PROVIDERS.legal = fake``)."""

    def __init__(self):
        self.legal: Callable | None = None
        self.outcomes: Callable | None = None
        self.improvement: Callable | None = None  # (ctx) -> improvement_by_client's dict

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

