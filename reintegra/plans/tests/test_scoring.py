"""The scoring function is pure: property tests over generated people and options."""

import datetime as dt

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from reintegra.plans import recommend, recommendations
from reintegra.plans.choices import DAY_CODES, DayPart
from reintegra.plans.recommend import Option, Person, explain, rank, score
from reintegra.programme.models import Activity, Domain, Offering

DOMAINS = st.sampled_from(Domain.values)
LANGS = st.sampled_from(["pol", "ukr", "rus", "eng", "vie", "bel"])
SLOTS = st.tuples(st.sampled_from(DAY_CODES), st.sampled_from(DayPart.values))
RATING = st.integers(min_value=1, max_value=5)

people = st.builds(
    Person,
    needs=st.dictionaries(DOMAINS, RATING),
    speaks=st.frozensets(LANGS),
    availability=st.frozensets(SLOTS),
    wants_women_only=st.booleans(), wants_individual=st.booleans(),
    wants_female_trainer=st.booleans(), needs_childcare=st.booleans(),
    assessed=st.booleans(),
)
options = st.builds(
    Option,
    domains=st.frozensets(DOMAINS),
    languages=st.frozensets(LANGS),
    group=st.booleans(), women_only=st.booleans(),
    slots=st.none() | st.frozensets(SLOTS),
    free_places=st.none() | st.integers(min_value=0, max_value=20),
)


@given(people, options, DOMAINS, RATING)
def test_adding_a_covered_need_never_lowers_the_score(person, option, domain, rating):
    option = Option(**{**option.__dict__, "domains": option.domains | {domain}})
    before = score(person, option).score
    current = person.needs.get(domain, 0)
    more = Person(**{**person.__dict__, "needs": {**person.needs,
                                                   domain: max(current, rating)}})
    assert score(more, option).score >= before


@given(people, options, DOMAINS)
def test_covering_one_more_domain_never_lowers_the_score(person, option, domain):
    wider = Option(**{**option.__dict__, "domains": option.domains | {domain}})
    assert score(person, wider).score >= score(person, option).score


@given(people, options, LANGS)
def test_an_activity_in_no_spoken_language_never_ranks_above_one_in_theirs(
        person, option, spoken):
    person = Person(**{**person.__dict__, "speaks": person.speaks | {spoken}})
    foreign = frozenset({"xxx"})  # spoken by nobody
    in_theirs = Option(**{**option.__dict__, "languages": frozenset({spoken})})
    not_theirs = Option(**{**option.__dict__, "languages": foreign})
    assert score(person, not_theirs).score <= score(person, in_theirs).score
    ranked = rank(person, [("a-foreign", not_theirs), ("z-theirs", in_theirs)])
    assert [key for key, _ in ranked][0] == "z-theirs"


@given(people, options)
def test_a_full_offering_never_scores_above_one_with_places(person, option):
    full = Option(**{**option.__dict__, "free_places": 0})
    free = Option(**{**option.__dict__, "free_places": 3})
    assert score(person, full).score < score(person, free).score


@given(people, options, SLOTS)
def test_meeting_when_the_person_is_free_never_scores_below_a_clash(person, option, slot):
    free = Person(**{**person.__dict__, "availability": frozenset({slot})})
    other = next(s for s in [("mon", "morning"), ("sun", "evening")] if s != slot)
    fits = Option(**{**option.__dict__, "slots": frozenset({slot})})
    clashes = Option(**{**option.__dict__, "slots": frozenset({other})})
    assert score(free, fits).score > score(free, clashes).score


@given(people, options)
def test_score_is_the_sum_of_its_explained_parts(person, option):
    result = score(person, option)
    assert result.score == sum(r.points for r in result.reasons)
    for reason in result.reasons:
        assert explain(reason)  # every reason has words


def test_reasons_in_plain_words():
    person = Person(needs={"money": 4}, speaks=frozenset({"ukr"}),
                    availability=frozenset({("tue", "evening")}))
    option = Option(domains=frozenset({"money"}), languages=frozenset({"ukr"}),
                    slots=frozenset({("tue", "evening")}), free_places=2)
    with translation.override("en"):
        words = "; ".join(str(r) for r in score(person, option).reasons)
    assert words == ("need 'Money management' rated 4; taught in Ukrainian; "
                     "free on Tuesday evenings; 2 places free")
    with translation.override("pl"):
        polish = "; ".join(str(r) for r in score(person, option).reasons)
    assert "ukraińsk" in polish.lower() and "wtork" in polish.lower()


def test_unknowns_are_said_not_guessed():
    person = Person(needs={"rights": 3}, wants_female_trainer=True, needs_childcare=True)
    result = score(person, Option(domains=frozenset({"rights"})))
    codes = [r.code for r in result.unknown]
    assert "trainer_gender_unknown" in codes and "childcare_unknown" in codes
    assert "language_unknown" in codes
    with translation.override("en"):
        assert "not recorded" in str(result.unknown[codes.index("trainer_gender_unknown")])


def test_wishes_count_for_and_against():
    person = Person(needs={"health": 3}, wants_women_only=True, wants_individual=True)
    mixed_group = score(person, Option(domains=frozenset({"health"}), group=True))
    women_group = score(person, Option(domains=frozenset({"health"}), group=True,
                                       women_only=True))
    individual = score(person, Option(domains=frozenset({"health"}), group=False))
    assert individual.score > women_group.score > mixed_group.score
    assert {r.code for r in mixed_group.against} == {"individual_miss", "women_only_miss"}


def test_a_language_course_is_not_penalised_for_its_language():
    person = Person(needs={"language": 5}, speaks=frozenset({"ukr"}))
    course = Option(domains=frozenset({"language"}), languages=frozenset({"pol"}))
    workshop = Option(domains=frozenset({"money"}), languages=frozenset({"pol"}))
    assert [r.code for r in score(person, course).reasons][-1] == "language_course"
    assert recommend.LANGUAGE_MISS in [r.points for r in score(person, workshop).reasons]


def test_without_an_assessment_needs_are_unknown():
    result = score(Person(assessed=False), Option(domains=frozenset({"money"})))
    assert result.reasons[0].code == "no_assessment"


def test_offering_slots_follow_its_weekdays_and_hours():
    activity = Activity(name_en="Polish", name_pl="Polski", domains=["language"],
                        languages="pol")
    offering = Offering(activity=activity, weekdays=["2", "4"], start_time=dt.time(16, 30),
                        end_time=dt.time(18, 0), start_date=dt.date(2026, 1, 1),
                        end_date=dt.date(2026, 2, 1), language="ukr")
    assert recommendations.offering_slots(offering) == {
        ("tue", "afternoon"), ("tue", "evening"), ("thu", "afternoon"), ("thu", "evening")
    }
    assert recommendations.offering_option(offering).languages == {"ukr"}
    offering.start_time = None
    assert recommendations.offering_slots(offering) == frozenset()
