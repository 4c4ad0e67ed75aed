import datetime as dt
import random

from reintegra.accounts.models import Role
from reintegra.core.testing import make_client
from reintegra.demo.context import DemoContext
from reintegra.outcomes import demo
from reintegra.outcomes.models import Administration


def _context(people, clients, seed=3):
    staff = {role: [u for u in people.all().values()
                    if u.role == role and u.organisation_id == people.org.pk]
             for role in Role.values}
    return DemoContext(rng=random.Random(seed), organisation=people.org, staff=staff,
                       clients=clients, today=dt.date(2026, 11, 1))


def test_demo_gives_mixed_change_skipped_items_and_one_invalid_score(people):
    clients = [make_client(people.alice, team=[people.bob]) for _ in range(8)]
    demo.seed(_context(people, clients))
    done = Administration.objects.filter(completed_on__isnull=False)
    assert done.filter(timepoint="baseline").count() == 24  # 8 clients x 3 instruments
    assert done.filter(valid=False).count() == 1
    assert done.filter(valid=True, answered__lt=6, instrument__code="SECURITY").exists()
    assert Administration.objects.filter(timepoint="follow_up", completed_on=None).count() == 24
    assert max(done.values_list("completed_on", flat=True)) <= dt.date(2026, 11, 1)
    changes = []
    for c in clients:
        scores = list(done.filter(client=c, instrument__code="SECURITY", valid=True)
                      .order_by("completed_on").values_list("score", flat=True))
        if len(scores) >= 2:
            changes.append(scores[-1] - scores[0])
    assert any(d > 0 for d in changes) and any(d <= 0 for d in changes)

    # The RSES carries reliable-change figures: the client page can classify the change.
    from reintegra.outcomes import selectors

    classified = [h.change for c in clients
                  for h in selectors.client_outcomes(actor=people.alice, client=c)
                  if h.code == "RSES"]
    assert {"improved", "unchanged"} <= set(classified)
