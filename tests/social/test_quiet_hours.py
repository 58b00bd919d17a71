"""Quiet hours as local time: spans past midnight, daylight saving days, the next start."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events.social import QuietHours
from social import InvalidInput
from social.rules import check_quiet_hours, quiet_from, quiet_until

NEW_YORK_NIGHTS = QuietHours(start="22:00", end="07:00", timezone="America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_span_past_midnight_holds_from_its_start_to_its_end_next_morning():
    # 2026-01-10, New York is UTC-5: 22:00 local is 03:00 UTC, 07:00 local is 12:00 UTC
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 1, 11, 2, 59)) is None
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 1, 11, 3, 0)) == utc(2026, 1, 11, 12, 0)
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 1, 11, 11, 59)) == utc(2026, 1, 11, 12, 0)
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 1, 11, 12, 0)) is None  # the end is not quiet
    assert quiet_from(NEW_YORK_NIGHTS, utc(2026, 1, 11, 12, 0)) == utc(2026, 1, 12, 3, 0)
    assert quiet_from(NEW_YORK_NIGHTS, utc(2026, 1, 11, 4, 0)) == utc(2026, 1, 11, 4, 0)  # now, within


def test_the_night_the_clocks_go_forward_is_an_hour_shorter_and_still_ends_at_seven_local():
    # 2026-03-08 02:00 EST becomes 03:00 EDT: 22:00 EST (03:00 UTC) to 07:00 EDT (11:00 UTC)
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 3, 8, 3, 30)) == utc(2026, 3, 8, 11, 0)
    assert quiet_until(NEW_YORK_NIGHTS, utc(2026, 3, 8, 11, 30)) is None
    assert quiet_from(NEW_YORK_NIGHTS, utc(2026, 3, 8, 12, 0)) == utc(2026, 3, 9, 2, 0)  # 22:00 EDT


def test_a_span_within_one_day():
    lunch = QuietHours(start="12:00", end="13:30", timezone="UTC")
    assert quiet_until(lunch, utc(2026, 5, 1, 12, 0)) == utc(2026, 5, 1, 13, 30)
    assert quiet_until(lunch, utc(2026, 5, 1, 13, 30)) is None and quiet_until(lunch, utc(2026, 5, 1, 11, 59)) is None
    assert quiet_from(lunch, utc(2026, 5, 1, 14, 0)) == utc(2026, 5, 2, 12, 0)
    assert quiet_until(None, utc(2026, 5, 1, 12, 0)) is None


@pytest.mark.parametrize("quiet, says", [
    (QuietHours(start="7:00", end="08:00", timezone="UTC"), "quiet_hours.start is a time of day"),
    (QuietHours(start="07:00", end="08:60", timezone="UTC"), "quiet_hours.end is a time of day"),
    (QuietHours(start="07:00", end="07:00", timezone="UTC"), "must differ"),
    (QuietHours(start="07:00", end="08:00", timezone="Nowhere/Town"), "IANA time zone"),
    (QuietHours(start="07:00", end="08:00", timezone=""), "IANA time zone"),
])
def test_bad_quiet_hours_name_their_field(quiet, says):
    with pytest.raises(InvalidInput, match=says):
        check_quiet_hours(quiet)


def test_a_time_the_clocks_skip_is_the_moment_they_jump():
    # 2026-03-08 in New York: 02:00 EST (07:00 UTC) becomes 03:00 EDT
    ends_in_the_jump = QuietHours(start="22:00", end="02:30", timezone="America/New_York")
    assert quiet_until(ends_in_the_jump, utc(2026, 3, 8, 6, 59)) == utc(2026, 3, 8, 7, 0)
    assert quiet_until(ends_in_the_jump, utc(2026, 3, 8, 7, 10)) is None  # 03:10 EDT: over
    starts_in_the_jump = QuietHours(start="02:30", end="03:15", timezone="America/New_York")
    assert quiet_from(starts_in_the_jump, utc(2026, 3, 8, 5, 0)) == utc(2026, 3, 8, 7, 0)
    assert quiet_until(starts_in_the_jump, utc(2026, 3, 8, 7, 5)) == utc(2026, 3, 8, 7, 15)  # 03:05 to 03:15 EDT
    # 2026-11-01: 02:00 EDT (06:00 UTC) becomes 01:00 EST; 01:30 is shown twice, first at 05:30 UTC
    assert quiet_from(QuietHours(start="01:30", end="05:00", timezone="America/New_York"),
                      utc(2026, 11, 1, 4, 0)) == utc(2026, 11, 1, 5, 30)


@pytest.mark.parametrize("zone", ["America", "Europe", "localtime", "posixrules", "right/Europe/Paris", "Factory",
                                  "x" * 300, "utc"])
def test_only_the_iana_zone_names_of_tzdata_are_taken(zone):
    with pytest.raises(InvalidInput, match="IANA time zone"):
        check_quiet_hours(QuietHours(start="07:00", end="08:00", timezone=zone))


def test_an_ascii_time_of_day_only():
    with pytest.raises(InvalidInput, match="quiet_hours.start"):
        check_quiet_hours(QuietHours(start="0\u0667:00", end="08:00", timezone="UTC"))  # an Arabic-Indic 7
