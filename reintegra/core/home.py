"""Blocks that apps add to a role's home page, as ``clients.panels`` does for the client page.

A provider is called with the acting user and today's date and returns a ``Block`` or None
(None when the block does not concern the actor's role). It must read through its own app's
selectors, which apply need-to-know, so that every figure on a home page is within the
actor's reach; it should cost a fixed number of queries whatever the organisation's size
(figures are aggregated in SQL, lists are cut to ``LIST_SIZE`` rows).

Most blocks are a title and rows (``Row``: a label, a figure, a link to the list behind
it) rendered by ``core/blocks/rows.html``; a provider may give its own template.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_providers = []

LIST_SIZE = 8  # rows a list block shows; "and N more" links to the whole list


@dataclass
class Row:
    label: str
    value: object = ""
    url: str = ""
    note: str = ""
    warn: bool = False  # overdue, below target: shown as such (not by colour alone)


@dataclass
class Block:
    template: str = "core/blocks/rows.html"
    context: dict = field(default_factory=dict)
    order: int = 100


def rows_block(*, title: str, rows: list[Row], order: int, empty: str = "",
               more_url: str = "", more_text: str = "", intro: str = "") -> Block:
    return Block(context={"title": title, "rows": rows, "empty": empty, "intro": intro,
                          "more_url": more_url, "more_text": more_text}, order=order)


def register[P: Callable[..., Any]](provider: P) -> P:
    _providers.append(provider)
    return provider


def blocks_for(*, actor, today: date) -> list[Block]:
    found = (provider(actor=actor, today=today) for provider in _providers)
    return sorted((b for b in found if b is not None), key=lambda b: b.order)


# --- "Clients falling behind": one block, reasons from several apps -------------------------

_behind_sources = []


def register_behind(source):
    """``source(actor=, today=) -> list[Row]``: clients within the actor's reach that fall
    behind for one reason (attendance, no contact, a goal past its date), a client code as
    the label and a link to the client."""
    _behind_sources.append(source)
    return source


def behind_rows(*, actor, today: date) -> list[Row]:
    return [row for source in _behind_sources for row in source(actor=actor, today=today)]

