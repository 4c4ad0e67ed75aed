import datetime as dt

from reintegra.programme.calendar import _fold, render_feed, sensitive_words_in
from reintegra.programme.holidays import easter_sunday, is_public_holiday, public_holidays


def test_easter_dates_known_from_the_calendar():
    assert easter_sunday(2024) == dt.date(2024, 3, 31)
    assert easter_sunday(2025) == dt.date(2025, 4, 20)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2027) == dt.date(2027, 3, 28)


def test_polish_public_holidays_2026():
    days = public_holidays(2026)
    assert len(days) == 14
    for day in ("2026-01-06", "2026-04-06", "2026-05-24", "2026-06-04", "2026-11-11",
                "2026-12-24"):
        assert dt.date.fromisoformat(day) in days
    assert not is_public_holiday(dt.date(2026, 11, 12))


def test_christmas_eve_is_a_holiday_from_2025_and_epiphany_from_2011():
    assert not is_public_holiday(dt.date(2024, 12, 24))
    assert is_public_holiday(dt.date(2025, 12, 24))
    assert not is_public_holiday(dt.date(2010, 1, 6))
    assert is_public_holiday(dt.date(2011, 1, 6))


def test_sensitive_words_are_found_in_english_and_polish_forms():
    assert sensitive_words_in("Support for victims of trafficking")
    assert sensitive_words_in("Grupa dla ofiar handlu ludźmi")
    assert sensitive_words_in("Spotkanie w schronisku")
    assert sensitive_words_in("KCIK dyżur")
    assert sensitive_words_in("Język polski A1, Sala 2") == []
    assert sensitive_words_in("Polish A1, room 2") == []
    assert sensitive_words_in("Cohort") == []  # "ohl" only as a whole word


def test_long_lines_are_folded_without_splitting_characters():
    line = "SUMMARY:" + "Zażółć gęślą jaźń " * 10
    folded = _fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == line


def test_an_empty_feed_is_still_a_calendar():
    body = render_feed([], name="reintegra", language="pl", host="example.org",
                       now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n") and "VEVENT" not in body
