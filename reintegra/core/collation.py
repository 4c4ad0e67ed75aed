"""Sorting names the way a Polish reader expects: the Polish alphabet.

a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż: each letter with a
diacritic is a letter of its own, after its base (Litwa, Luksemburg, Łotwa; Szwecja,
Śri Lanka... ; Zambia, Żółty). Other Latin letters with diacritics (é, ç, ô in
"Saint-Barthélemy", "Curaçao") sort with their base letter, as in Polish dictionaries.
Spaces, hyphens and punctuation are ignored at the first level; ties are broken by the
text itself, so the order is total and stable.

Why not the C library's locale (``locale.strxfrm``): it depends on which locales the
machine has generated (a fresh Debian has none but C.UTF-8), and changing the process
locale is not thread-safe. PyICU needs the ICU headers and a compiler to install. pyuca
implements the plain Unicode Collation Algorithm, whose root order puts ś with s (not
after it). This key is the Polish tailoring of that order (CLDR pl.xml: &A<ą<<<Ą &C<ć
<<<Ć &E<ę<<<Ę &L<ł<<<Ł &N<ń<<<Ń &O<ó<<<Ó &S<ś<<<Ś &Z<ź<<<Ź<ż<<<Ż) for the letters
names in this interface use, with no dependency.
"""

import unicodedata

ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: i for i, letter in enumerate(ALPHABET)}
_IGNORED = set(" \t-‐–—,.;:()'’\"/&")


def polish_sort_key(text: str) -> tuple:
    primary = []
    for ch in str(text).casefold():
        if ch in _RANK:
            primary.append(100 + _RANK[ch])
        elif ch in _IGNORED:
            continue
        elif ch.isdigit():
            primary.append(int(ch))
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            primary.append(100 + _RANK[base] if base in _RANK else 1000 + ord(ch))
    return (tuple(primary), str(text).casefold(), str(text))


def _countries_sort_key(original):
    def sort_key(item):
        from django.utils.translation import get_language

        if (get_language() or "").startswith("pl"):
            return (0, polish_sort_key(item[1]))
        return (1, original(item))
    return sort_key


def sort_countries_in_polish() -> None:
    """django-countries sorts its choices with a module-level key (pyuca's root order or
    ASCII-folding, which drops "ł": "Słowacja" sorted as "Sowacja"). Every country list
    in the interface (each CountryField, each form's ``countries``) goes through it:
    replace it once, at start-up, with the Polish alphabet when the language is Polish."""
    import django_countries

    if not getattr(django_countries.sort_key, "reintegra_polish", False):
        key = _countries_sort_key(django_countries.sort_key)
        key.reintegra_polish = True  # type: ignore[attr-defined]
        django_countries.sort_key = key
