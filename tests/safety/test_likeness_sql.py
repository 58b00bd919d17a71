"""The database chooses and pages the characters a member may use (the directory's
`_may_use_clause`): on every mix of teen and adult, guardian's control, audience, mutual follow
and approval, it chooses exactly what safety.likeness.rules.may_use allows, and its pages put
together are the whole list."""

from __future__ import annotations

import itertools

import pytest

from events import ManualClock
from generation.capture import analyse_capture
from safety.likeness import Party, may_use
from social import Controls
from social.rules import is_teen, utc_day
from tests.capture_fixtures import make_capture
from tests.fixtures_db import BACKENDS, join, runtime_on

ADULT, TEEN = 1990, 2011
EIGHTEEN = 2007
"""The latest birth year of an adult on the ManualClock's day (2026-01-01): 18 at the youngest."""


@pytest.fixture(scope="module")
def analysed():
    features = analyse_capture(make_capture(size=96, seconds=3.0))
    return lambda data: features  # one real analysis, every capture alike: the rules are what is tested


@pytest.fixture(params=BACKENDS)
def rt(request, tmp_path, analysed):
    for runtime in runtime_on(request.param, tmp_path, ManualClock(), "likeness"):
        runtime.characters._analyse = analysed
        yield runtime


def test_the_database_chooses_what_may_use_allows_and_pages_it(rt, caplog):
    """Viewers: an adult, a teen, a teen whose guardian forbids characters. Owners: adults and
    teens (one forbidden by a guardian), each audience, mutual with some viewers, approving some."""
    viewers = {"vadult": (ADULT, False), "vteen": (TEEN, False), "vkept": (TEEN, True)}
    ids: dict[str, str] = {}
    parties: dict[str, Party] = {}
    guardians = 0

    def member(handle: str, year: int, forbidden: bool) -> None:
        nonlocal guardians
        ids[handle] = join(rt, handle, birth_year=year)
        if forbidden:
            guardians += 1
            guardian = join(rt, f"guardian{guardians}")
            rt.guardians.confirm_link(ids[handle], rt.guardians.start_link(guardian).code)
            rt.guardians.set_controls(guardian, handle, Controls(characters_allowed=False))
        teen = is_teen(year, utc_day(rt.clock()))
        parties[handle] = Party(user_id=ids[handle], is_teen=teen, guardian_forbids_characters=forbidden)

    for handle, (year, forbidden) in viewers.items():
        member(handle, year, forbidden)
    member("bystander", ADULT, False)
    owners = []
    for n, (year, forbidden, audience, mutual_with, approves_viewers) in enumerate(itertools.product(
            (ADULT, TEEN), (False, True), ("only_me", "mutuals", "approved", "everyone"), ("vadult", "vteen", None),
            (True, False))):
        if (forbidden and year == ADULT) or (year == TEEN and audience == "everyone") \
                or (audience != "approved" and not approves_viewers):
            continue  # a control binds only a teen; a teen's character is never open to everyone
        handle = f"owner{n}"
        member(handle, year, forbidden)
        if mutual_with is not None:
            rt.follows.follow(ids[handle], mutual_with)
            rt.follows.follow(ids[mutual_with], handle)
        approved = ([*viewers] if approves_viewers else ["bystander"]) if audience == "approved" else []
        rt.characters.capture(ids[handle], b"capture", audience=audience, approved=approved)
        owners.append((handle, audience, mutual_with, approved))
    for handle, year, audience in (("edgeadult", EIGHTEEN, "everyone"), ("edgeteen", EIGHTEEN + 1, "approved")):
        member(handle, year, False)  # the youngest adult and the oldest teen by birth year
        rt.characters.capture(ids[handle], b"capture", audience=audience,
                              approved=[*viewers] if audience == "approved" else [])
        owners.append((handle, audience, None, [*viewers] if audience == "approved" else []))
    rt.characters.capture(ids["vteen"], b"capture", audience="mutuals")  # a viewer's own
    rt.catch_up()

    for viewer in viewers:
        expected = sorted(
            [handle for handle, audience, mutual_with, approved in owners
             if may_use(parties[viewer], parties[handle], audience, approved=viewer in approved,
                        mutual=mutual_with == viewer)]
            + (["vteen"] if viewer == "vteen" else []))
        listed = [c.name for c in rt.characters.usable(ids[viewer], limit=100)]
        assert listed == expected, viewer
        paged = [c.name for offset in range(0, len(expected) + 3, 3)
                 for c in rt.characters.usable(ids[viewer], limit=3, offset=offset)]
        assert paged == expected, viewer
    assert len(owners) == 41 and rt.characters.usable(ids["vkept"]) == []
    assert parties["edgeteen"].is_teen and not parties["edgeadult"].is_teen
    assert "disagree" not in caplog.text  # the database chose no row that may_use then left out
