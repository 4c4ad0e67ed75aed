"""iCalendar feeds (RFC 5545), written by hand: a handful of properties, no dependency.

Do no harm (docs/domain.md section 6): calendar text leaves the organisation (phones, cloud
calendars, shared screens), so an event says what and where in plain words ("Polish A1,
Room 2") and nothing else: no client name or code, no case data, no word that reveals
what the programme is for. Names that staff type (activities, venues) are checked for
such words when saved (forms), and checked again here before they go out.
"""

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings

# Words that would tell a reader of someone's calendar that they are a trafficking
# survivor or in a protection programme. English and Polish stems (the Polish ones match
# inflected forms), plus the programme's abbreviations. Extend as needed.
SENSITIVE_WORDS = (
    "traffick", "trafficking", "victim", "survivor", "exploitation", "exploited", "shelter",
    "safe house", "refuge", "prostitut", "sex work", "forced labour", "forced labor",
    "abuse", "trauma", "crisis", "intervention", "police", "prosecutor", "witness",
    "handel ludź", "handlu ludź", "handlem ludź", "ofiar", "wyzysk", "schronisk", "prostytu",
    "przemoc", "pokrzywdzon", "świadek", "świadk", "interwencj", "kryzys", "policj", "prokurat",
    "kcik", "ohl", "vht",
)
_WORD_EDGE = re.compile(r"\b(kcik|ohl|vht)\b")
NEUTRAL_SUMMARY = "Session"


def _fold_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def sensitive_words_in(text: str) -> list[str]:
    """The sensitive words (stems) found in ``text``; short abbreviations as whole words."""
    folded = _fold_case(text or "")
    found = [w for w in SENSITIVE_WORDS if len(w) > 4 and w in folded]
    found += _WORD_EDGE.findall(folded)
    return sorted(set(found))


def safe_text(text: str, fallback: str = NEUTRAL_SUMMARY) -> str:
    return fallback if sensitive_words_in(text) else text


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # do not cut a UTF-8 char
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _utc(day: dt.date, time: dt.time) -> str:
    local = dt.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return local.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_summary(session, language: str) -> str:
    name = safe_text(session.offering.activity.name(language))
    if session.venue_id:
        return f"{name}, {safe_text(session.venue.name, '')}".rstrip(", ")
    return name


def render_feed(sessions, *, name: str, language: str, host: str, now: dt.datetime) -> str:
    """An iCalendar document of ``sessions`` (with offering.activity and venue loaded)."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//reintegra//programme//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}",
    ]
    for s in sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{s.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(s.date, s.start_time)}",
            f"DTEND:{_utc(s.date, s.end_time)}",
            f"SUMMARY:{_escape(session_summary(s, language))}",
        ]
        if s.venue_id:
            lines.append(f"LOCATION:{_escape(safe_text(s.venue.name, ''))}")
        lines.append("STATUS:CANCELLED" if s.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
