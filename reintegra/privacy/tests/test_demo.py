import random
from datetime import date

from reintegra.accounts.models import Role
from reintegra.core.testing import make_client
from reintegra.demo.context import DemoContext
from reintegra.privacy import demo
from reintegra.privacy.models import Consent, ConsentPurpose
from reintegra.privacy.selectors import clients_consenting_to_statistics


def context_for(people, clients, seed=7):
    staff = {Role.COORDINATOR: [people.alice], Role.CASE_WORKER: [people.bob, people.charlie],
             Role.LEGAL_ADVISOR: [people.lena], Role.PSYCHOLOGIST: [people.piotr],
             Role.TRAINER: [people.tina], Role.DPO: [people.dora]}
    return DemoContext(rng=random.Random(seed), organisation=people.org, staff=staff,
                       clients=clients, today=date(2026, 9, 30))


def test_demo_consent_most_to_statistics_a_few_not_one_withdrawn(people):
    clients = [make_client(people.alice, owner=people.bob, primary_language="ukr")
               for _ in range(12)]
    demo.seed(context_for(people, clients))

    stats = Consent.objects.filter(purpose=ConsentPurpose.STATISTICS)
    counted = set(clients_consenting_to_statistics(organisation=people.org))
    assert Consent.objects.filter(purpose=ConsentPurpose.CASE_MANAGEMENT).count() == 12
    assert 8 <= len(counted) <= 10
    assert stats.filter(withdrawn_on__isnull=False).count() == 1
    assert len(counted) == stats.filter(withdrawn_on__isnull=True).count()
    assert set(Consent.objects.values_list("language", flat=True)) == {"ukr"}
    withdrawn = stats.get(withdrawn_on__isnull=False)
    assert withdrawn.given_on < withdrawn.withdrawn_on <= date(2026, 9, 30)


def test_demo_consent_is_the_same_for_the_same_seed(people):
    clients = [make_client(people.alice, owner=people.bob) for _ in range(6)]
    demo.seed(context_for(people, clients, seed=3))
    first = sorted(Consent.objects.values_list("client_id", "purpose", "withdrawn_on"))
    Consent.objects.all().delete()
    demo.seed(context_for(people, clients, seed=3))
    assert sorted(Consent.objects.values_list("client_id", "purpose", "withdrawn_on")) == first
