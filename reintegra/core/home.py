"""Blocks that apps add to a role's home page, as ``clients.panels`` does for the client page.

A provider is called with the acting user and today's date and returns a ``Block`` or None
(None when the block does not concern the actor's role). It must read through its own app's
selectors, which apply need-to-know, so that every figure on a home page is within the
actor's reach; it should cost a fixed number of queries whatever the organisation's size.
"""

from dataclasses import dataclass, field
from datetime import date

_providers = []


@dataclass
class Block:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def register(provider):
    _providers.append(provider)
    return provider


def blocks_for(*, actor, today: date) -> list[Block]:
    found = (provider(actor=actor, today=today) for provider in _providers)
    return sorted((b for b in found if b is not None), key=lambda b: b.order)
