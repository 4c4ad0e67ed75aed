"""What `manage.py seed_demo` hands to other apps' demo modules.

After the demo organisation, its staff and its clients exist, `seed_demo` imports
`reintegra.<app>.demo` for each of `plans`, `programme` and `privacy` (a missing module is
skipped) and calls its hook with one `DemoContext`:

- `seed(context)`: normal demo (`seed_demo --seed N`): one organisation, staff for every
  role, 41 clients. Create your app's demo rows here, through your services (so they are
  sealed and audited), acting as a fitting staff member, e.g. `context.staff[Role.TRAINER][0]`.
- `seed_scale(context)`: scale mode (`seed_demo --clients N`): a separate organisation with
  N clients inserted in bulk. Use bulk inserts too (`bulk_create` in batches, one audit
  event per batch, not per row): N may be 100,000.

Fields:

- `rng`: a `random.Random` already seeded from `--seed`. Draw every random choice from it
  (never the `random` module, never wall-clock time) so the same seed gives the same data.
  Hooks run in a fixed order (plans, programme, privacy), after staff and clients.
- `organisation`: the `accounts.Organisation` being filled.
- `staff`: `{Role: [User, ...]}` for every `accounts.models.Role` value (role values are
  strings, so `context.staff["trainer"]` works too). In scale mode the lists may be short
  (one user per role).
- `clients`: the `clients.Client` rows created, in creation order. In the normal demo every
  client has `intake_date`, a case team and an HTCDS case; some are closed. In scale mode
  the rows are loaded with `.only()` of `pk`, `organisation_id`, `code`, `key_id`,
  `status`, `intake_date`, `case_owner_id`, `gender`, `citizenship`, `closed_at` (other
  fields would cost one query per row), ordered by pk, without revealed identities.
- `today`: a fixed `datetime.date` derived from the data (not the wall clock), so dates
  computed from it do not change between runs. All intake dates are on or before it.
- `ring`: a `reintegra.vault.keyring.KeyRing` you may reuse to seal or reveal values of
  these clients (it loads their data keys on demand); your services may use their own.
- `scale`: True in scale mode.
- `extra`: a dict where a hook may leave things for a later hook (key it by your app name).

`context.first(role)` returns the first staff member with that role.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    rng: random.Random
    organisation: Any
    staff: dict[str, list[Any]]
    clients: list[Any]
    today: datetime.date
    ring: Any = None
    scale: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def first(self, role):
        """The first staff member with `role` (a `Role` value), e.g. the coordinator."""
        return self.staff[role][0]
