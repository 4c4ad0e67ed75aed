"""``manage.py outcome_stats``: paired before/after statistics as JSON.

- ``--pairs FILE.csv`` (columns id,before,after) with ``--reliability R --sd S`` for the
  reliable change counts; or
- ``--instrument CODE --from YYYY-MM-DD --to YYYY-MM-DD --organisation ID`` for the
  organisation's clients who consent to statistics (first and last valid score of each
  client in the period).

Keys: see ``reintegra.outcomes.selectors.STAT_KEYS``; a "caveats" list travels with them.
"""

import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from reintegra.outcomes import selectors, statistics
from reintegra.outcomes.caveats import CAVEATS


def read_pairs(path) -> list[tuple[str, float, float]]:
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not {"id", "before", "after"} <= set(reader.fieldnames or []):
                raise CommandError("the CSV needs the columns id,before,after")
            rows = []
            for line, row in enumerate(reader, start=2):
                try:
                    rows.append((row["id"], float(row["before"]), float(row["after"])))
                except (TypeError, ValueError):
                    raise CommandError(f"line {line}: before and after must be numbers") \
                        from None
            return rows
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None


def _date(value, name):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"--{name} must be a date YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Paired outcome statistics (exact Wilcoxon signed-rank, effect size, RCI) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--pairs")
        parser.add_argument("--reliability", type=float)
        parser.add_argument("--sd", type=float)
        parser.add_argument("--instrument")
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")
        parser.add_argument("--organisation", type=int)
        parser.add_argument("--lower-is-better", action="store_true")

    def handle(self, *args, **o):
        if o["pairs"]:
            figures = self._from_csv(o)
        elif o["instrument"]:
            figures = self._from_database(o)
        else:
            raise CommandError("give --pairs FILE.csv or --instrument CODE --from --to")
        figures["caveats"] = CAVEATS
        self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))

    def _from_csv(self, o):
        rows = read_pairs(o["pairs"])
        if o["reliability"] is not None and not 0 <= o["reliability"] < 1:
            raise CommandError("--reliability must be from 0 to below 1")
        if o["sd"] is not None and o["sd"] <= 0:
            raise CommandError("--sd must be positive")
        return statistics.summarise([(b, a) for _i, b, a in rows], sd=o["sd"],
                                    reliability=o["reliability"],
                                    higher_is_better=not o["lower_is_better"]).as_dict()

    def _from_database(self, o):
        from reintegra.accounts.models import Organisation
        from reintegra.privacy.selectors import clients_consenting_to_statistics

        start, end = _date(o["start"], "from"), _date(o["end"], "to")
        organisations = Organisation.objects.all()
        if o["organisation"] is not None:
            organisations = organisations.filter(pk=o["organisation"])
        if organisations.count() != 1:
            raise CommandError("name the organisation with --organisation ID")
        organisation = organisations.get()
        instrument = next((i for i in selectors.latest_instruments(organisation)
                           if i.code == o["instrument"]), None)
        if instrument is None:
            raise CommandError(f"no instrument {o['instrument']}")
        clients = clients_consenting_to_statistics(organisation=organisation)
        pairs = selectors.pairs_for(clients=clients.values("pk"),
                                    instrument_code=instrument.code, start=start, end=end)
        return selectors.instrument_stats(instrument, pairs)
