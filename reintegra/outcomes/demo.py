"""Demo questionnaires (``manage.py seed_demo``; see reintegra/demo/context.py): the
shipped instruments are imported, and each client gets the sense-of-security scale, the
WHO-5 and the RSES scheduled from a plan start about 200 days ago, with baseline, midpoint
and (for most) exit answers. Change is mixed on purpose: some improve, some stay, some get worse;
some items are skipped, and one administration has too many skipped to be valid. All
randomness comes from ``context.rng``; everything goes through the services (sealed,
audited)."""

import datetime as dt

from reintegra.accounts.models import Role

from . import services

DEMO_CODES = ("SECURITY", "WHO-5", "RSES")  # RSES: its rci figures show reliable change
STEPS = (("baseline", 200), ("midpoint", 110), ("exit", 20))  # days before today


def seed(context):
    instruments = {i.code: i for i in services.import_shipped_instruments()}
    actor = context.first(Role.COORDINATOR)
    rng = context.rng
    invalid_done = False
    for client in context.clients:
        if client.is_erased:
            continue
        chosen = [instruments[code] for code in DEMO_CODES]
        start = context.today - dt.timedelta(days=200)
        made = services.schedule(actor=actor, client=client, instruments=chosen, start=start)
        trend = rng.choice((-1, 0, 1, 1, 2))  # mixed: most improve a little, some do not
        base = rng.uniform(1.8, 3.4)
        finishes = rng.random() < 0.8
        by_key = {(a.instrument.code, a.timepoint): a for a in made}
        for step, (timepoint, days_ago) in enumerate(STEPS):
            if timepoint == "exit" and not finishes:
                break
            level = base + trend * step * 0.6 + rng.uniform(-0.4, 0.4)
            for instrument in chosen:
                administration = by_key.get((instrument.code, timepoint))
                if administration is None:
                    continue
                # Skipping is shown on the project scale (the WHO-5 needs all five items).
                skip = 0.06 if instrument.code == "SECURITY" else 0.0
                if not invalid_done and timepoint == "midpoint" and skip:
                    skip, invalid_done = 1.0, True  # one score with too many skipped items
                answers = _answers(rng, instrument.definition, level, skip)
                services.record_answers(
                    actor=actor, administration=administration, answers=answers,
                    language="pl" if "pl" in instrument.definition["languages"] else "en",
                    completed_on=context.today - dt.timedelta(days=days_ago))


def _answers(rng, data, level, skip_share):
    """Answers near ``level`` (on a 1-5 feeling scale), reversed where the item is."""
    answers = {}
    ids = [str(item["id"]) for item in data["items"]]
    # Skip all (the one invalid score) or, now and then, one item (still valid).
    skipped = set(ids) if skip_share >= 1 else (
        {rng.choice(ids)} if skip_share and rng.random() < skip_share * 5 else set())
    for item in data["items"]:
        if str(item["id"]) in skipped:
            answers[str(item["id"])] = None
            continue
        values = sorted(o["value"] for o in item.get("options") or data["options"])
        low, high = values[0], values[-1]
        share = min(1.0, max(0.0, (level - 1 + rng.uniform(-0.7, 0.7)) / 4))
        value = round(low + share * (high - low))
        answers[str(item["id"])] = (low + high - value) if item["reverse"] else value
    return answers
