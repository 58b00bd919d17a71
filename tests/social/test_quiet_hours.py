"""Quiet hours as local time: spans past midnight, daylight saving days, the next start; a
guardian's and the member's own together."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events.social import QuietHours
from social import InvalidInput, QuietHoursNow
from social.quiet import GUARDIAN, YOU, Quiet, gathered, next_quiet, refuse_while_resting, resting
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


# -- a guardian's and the member's own, together (social.quiet) --------------------------------

GUARDIAN_NIGHTS = Quiet(GUARDIAN, QuietHours(start="22:00", end="06:00", timezone="Europe/Paris"))
OWN_MORNINGS = Quiet(YOU, QuietHours(start="05:30", end="08:00", timezone="Europe/Paris"))
OWN_TOKYO = Quiet(YOU, QuietHours(start="14:00", end="16:00", timezone="Asia/Tokyo"))  # 05:00-07:00 UTC


def test_spans_that_overlap_rest_until_the_last_of_them_ends():
    both = (GUARDIAN_NIGHTS, OWN_MORNINGS)
    rest = resting(both, utc(2026, 1, 10, 22, 0))  # 23:00 in Paris: the guardian's, then one's own from 05:30
    assert rest.until == utc(2026, 1, 11, 7, 0) and rest.chain == both  # 08:00 in Paris
    assert rest.words() == ("your guardian set 22:00-06:00 (Europe/Paris) and you set 05:30-08:00 "
                            "(Europe/Paris)") and rest.opens_at() == "08:00"
    assert resting(both, utc(2026, 1, 11, 6, 30)).chain == (OWN_MORNINGS,)  # 07:30: one's own alone
    assert resting(both, utc(2026, 1, 11, 7, 0)) is None and resting((), utc(2026, 1, 11, 7, 0)) is None
    assert next_quiet(both, utc(2026, 1, 11, 12, 0)) == utc(2026, 1, 11, 21, 0)  # the guardian's, 22:00
    assert next_quiet(both, utc(2026, 1, 11, 4, 0)) == utc(2026, 1, 11, 4, 0)
    assert next_quiet((), utc(2026, 1, 1)) is None


def test_a_span_in_another_zone_that_carries_on_says_its_zone():
    rest = resting((GUARDIAN_NIGHTS, OWN_TOKYO), utc(2026, 1, 11, 4, 0))  # 05:00 Paris, 13:00 Tokyo
    assert rest.until == utc(2026, 1, 11, 7, 0) and rest.opens_at() == "16:00 (Asia/Tokyo)"


def test_spans_that_cover_the_whole_day_stop_after_each_took_over_twice():
    days = (Quiet(GUARDIAN, QuietHours(start="20:00", end="08:00", timezone="UTC")),
            Quiet(YOU, QuietHours(start="08:00", end="20:00", timezone="UTC")))
    rest = resting(days, utc(2026, 1, 11, 9, 0))
    assert rest.until == utc(2026, 1, 13, 8, 0) and len(rest.chain) == 2  # four spans on


def test_the_refusal_says_who_set_them_and_waits_until_all_end():
    with pytest.raises(QuietHoursNow) as refused:
        refuse_while_resting(gathered(None, OWN_MORNINGS.hours), utc(2026, 1, 11, 5, 0), "your notification stream")
    assert str(refused.value) == ("Quiet hours: you set 05:30-08:00 (Europe/Paris); your notification stream "
                                  "opens again at 08:00.") and refused.value.retry_after_s == 7200  # 06:00 to 08:00
    refuse_while_resting(gathered(None, OWN_MORNINGS.hours), utc(2026, 1, 11, 7, 0), "generating")  # over: no error


def test_an_end_the_clocks_skip_opens_at_the_time_they_jump_to():
    skipped = Quiet(YOU, QuietHours(start="22:00", end="02:30", timezone="America/New_York"))
    rest = resting((skipped,), utc(2026, 3, 8, 4, 0))  # 23:00 EST, the night the clocks jump 02:00 -> 03:00
    assert rest.until == utc(2026, 3, 8, 7, 0) and rest.opens_at() == "03:00"
