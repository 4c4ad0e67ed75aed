"""Sections that other apps add to the client page, so that plans, programme and legal
can show their part without editing the clients app. Each provider gets the acting user,
the client and the sections the actor may see, and returns a Panel or None; it must read
through its own app's selectors (which apply need-to-know)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_providers: list[Callable[..., "Panel | None"]] = []


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def register[P: Callable[..., Any]](provider: P) -> P:
    _providers.append(provider)
    return provider


def panels_for(*, actor: Any, client: Any, sections: frozenset[Any]) -> list[Panel]:
    found = (provider(actor=actor, client=client, sections=sections) for provider in _providers)
    return sorted((p for p in found if p is not None), key=lambda p: p.order)
