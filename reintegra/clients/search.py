"""Name search through blind indexes: tokens, prefixes and transliterations, no plaintext.

A name is folded (case, diacritics, punctuation) and written in Latin letters under every
spelling a person may have seen, then cut into tokens; each token is stored only as a keyed
hash (HMAC-SHA256, truncated), under a key derived for its purpose:

- ``token``: a whole token ("rudenko");
- ``prefix``: each beginning of a token from ``MIN_PREFIX`` letters, shorter than the token
  ("rud", "rude", "ruden", "rudenk"), so that part of a name finds the person;
- ``phone``: the last digits of a phone number, for the duplicate warning.

The spellings (``spellings``), each from a kept library, never a table of our own:

- the passport transliteration of the person's language: Ukrainian by the Cabinet of
  Ministers of Ukraine resolution no. 55 of 27 January 2010 (``translitua.UkrainianKMU``),
  Russian by ICAO Doc 9303, as in Russian passports since 2013 (``translitua.RussianICAO``);
  both from translitua (MIT), https://github.com/dchaplinsky/translit-ua;
- the plain international one, for any script (Cyrillic, Greek, Arabic, Chinese...):
  anyascii (ISC), https://github.com/anyascii/anyascii ("Galina Koval'chuk").

The language is the client's recorded primary or secondary language, else citizenship
(Ukraine, Russia); when none tells, a Cyrillic name is indexed under both passport schemes.
A query is written under every scheme, so "Руденко", "rudenko" and "Rudenko" are the same.
docs/architecture.md ("Search without plaintext names") says what the index reveals.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import translitua
from anyascii import anyascii

from reintegra.vault import crypto
from reintegra.vault.keyring import blind_index_key

MIN_PREFIX = 3  # a query word of 1-2 letters is ignored for names (said in the help text)
NAME_FIELDS = ("first_name", "second_name", "chosen_name")
PHONE_DIGITS = 9  # national numbers in Poland and Ukraine: the country code may be left out

UKRAINIAN, RUSSIAN = "ukr", "rus"
_LANGUAGES = {"ukr": UKRAINIAN, "uk": UKRAINIAN, "rus": RUSSIAN, "ru": RUSSIAN}
_COUNTRIES = {"UA": UKRAINIAN, "RU": RUSSIAN}
_CYRILLIC = re.compile("[\u0400-\u052f]")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc\u02b9\u02bb`\u00b4\"")
_NOT_LETTERS = re.compile(r"[^0-9a-z]+")


def purpose_key(kind: str) -> bytes:
    """The key of one kind of index, derived from the blind-index key with its own label:
    a digest of one kind cannot be compared with a digest of another."""
    return _derive(blind_index_key(), kind)


@cache
def _derive(key: bytes, kind: str) -> bytes:
    return hmac.new(key, f"reintegra blind index: {kind}".encode(), hashlib.sha256).digest()


def digest(kind: str, value: str) -> str:
    return crypto.blind_index(purpose_key(kind), kind, value)


@lru_cache(maxsize=1 << 16)  # many people share a name: the scale seed and rebuilds gain most
def _token_digest(key: bytes, kind: str, token: str) -> str:
    """``digest`` for a token already folded (the same bytes as crypto.blind_index, without
    normalising again: indexing a client computes some twenty of these)."""
    return hmac.digest(key, f"{kind}\x00{token}".encode(), "sha256").hex()[:16]


def fold(latin: str) -> list[str]:
    """Latin text to tokens: case, diacritics and punctuation folded ("Koval'chuk" and
    "Kovalchuk" are one token, "Anna-Maria" is two)."""
    text = crypto.normalise(latin.translate(_APOSTROPHES))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [t for t in _NOT_LETTERS.split(text) if t]


def spellings(text: str, languages: Iterable[str] = ()) -> set[str]:
    """``text`` in Latin letters under each scheme that fits the person's languages."""
    found = {anyascii(text)}
    if _CYRILLIC.search(text):
        wanted = {_LANGUAGES[x] for x in languages if x in _LANGUAGES}
        if not wanted:
            wanted = {UKRAINIAN, RUSSIAN}
        if UKRAINIAN in wanted:
            found.add(translitua.translit(text, translitua.UkrainianKMU))
        if RUSSIAN in wanted:
            found.add(translitua.translit(text, translitua.RussianICAO))
    return found


def person_languages(case: Any) -> list[str]:
    """The person's recorded languages, then the languages of their citizenship."""
    def get(name: str) -> Any:
        return case.get(name) if isinstance(case, dict) else getattr(case, name, None)

    languages = [x for x in (get("primary_language"), get("secondary_language")) if x]
    if not any(x in _LANGUAGES for x in languages):
        for country in get("citizenship") or []:
            code = getattr(country, "code", country)
            if code in _COUNTRIES:
                languages.append(_COUNTRIES[code])
    return languages


def name_tokens(text: str, languages: Iterable[str] = ()) -> set[str]:
    return set(_name_tokens(text, tuple(sorted(set(languages)))))


@lru_cache(maxsize=1 << 14)
def _name_tokens(text: str, languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset(token for spelling in spellings(text, languages) for token in fold(spelling))


def name_entries(identity: dict[str, Any], languages: Iterable[str] = ()) -> set[tuple[str, str]]:
    """(kind, digest) of every token and prefix of the person's names."""
    tokens: set[str] = set()
    for field in NAME_FIELDS:
        if identity.get(field):
            tokens |= name_tokens(str(identity[field]), languages)
    entries = set()
    token_key, prefix_key = purpose_key("token"), purpose_key("prefix")
    for token in tokens:
        entries.add(("token", _token_digest(token_key, "token", token)))
        for end in range(MIN_PREFIX, len(token)):
            entries.add(("prefix", _token_digest(prefix_key, "prefix", token[:end])))
    return entries


def phone_digits(phone: str | None) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[-PHONE_DIGITS:] if len(digits) >= 6 else ""


def phone_entry(phone: str | None) -> tuple[str, str] | None:
    digits = phone_digits(phone)
    return ("phone", digest("phone", digits)) if digits else None


@dataclass
class NameQuery:
    """A typed name: one group of digests per word (any of them matches the word)."""

    words: list[set[str]]  # token or prefix digests, per word
    exact: list[set[str]]  # whole-token digests only, per word

    @property
    def digests(self) -> set[str]:
        return set().union(*self.words) if self.words else set()


def name_query(text: str) -> NameQuery:
    """Words of at least ``MIN_PREFIX`` letters, each under every scheme; shorter words
    are left out (too many people share them)."""
    words, exact = [], []
    for raw in re.split(r"[\s,;/]+", text.strip()):
        variants = {t for t in name_tokens(raw) if len(t) >= MIN_PREFIX}
        if not variants:
            continue
        tokens = {digest("token", t) for t in variants}
        words.append(tokens | {digest("prefix", t) for t in variants})
        exact.append(tokens)
    return NameQuery(words=words, exact=exact)


def looks_like_code(text: str) -> bool:
    """A client code ("RT-2026-0042", "rt-2026", "0042") or a document number: names have
    no digits."""
    text = text.strip()
    return any(ch.isdigit() for ch in text) or (text[:-1].isalpha() and text.endswith("-"))
