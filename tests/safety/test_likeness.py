"""Characters: made from a real capture (the real analyser), used only with their owner's leave,
revoked and removed at once, erased with the account; on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import msgspec
import pytest
from sqlalchemy import select

from events import ManualClock, SubjectForgotten
from events.characters import CharacterCaptured, CharacterRemoved, character_subject, characters_stream
from generation.capture import MAX_CAPTURE_BYTES, analyse_capture
from generation.jobs import CharacterUnavailable
from safety.likeness import (
    AudienceNotAllowed,
    CaptureTooLarge,
    CaptureUnusable,
    CharacterExists,
    CharacterNotFound,
    InvalidAudience,
    NoCharacter,
    Party,
    UnknownHandles,
    may_use,
)
from safety.likeness.tables import TABLES
from social import Controls
from tests.capture_fixtures import make_capture
from tests.fixtures_db import BACKENDS, assert_migrated_as_modelled, join, runtime_on

TEEN_YEAR = 2011  # 14 or 15 on the ManualClock's 2026-01-01


@pytest.fixture(scope="module")
def captures() -> dict[str, bytes]:
    """Real captures, made once for the module: a figure in red, and one in blue."""
    return {"red": make_capture(size=96, seconds=3.0),
            "blue": make_capture(rgb=(40, 60, 210), size=96, seconds=3.0, pitch=80)}


@pytest.fixture(scope="module")
def analysed() -> Callable[[bytes], object]:
    """The real analyser, each distinct capture analysed once for the module."""
    seen: dict[bytes, object] = {}

    def analyse(data: bytes) -> object:
        if data not in seen:
            seen[data] = analyse_capture(data)
        return seen[data]

    return analyse


@pytest.fixture
def runtime(tmp_path, analysed):
    for rt in runtime_on("sqlite", tmp_path, ManualClock(), "likeness"):
        rt.characters._analyse = analysed
        yield rt


@pytest.fixture(params=BACKENDS)
def any_runtime(request, tmp_path, analysed):
    for rt in runtime_on(request.param, tmp_path, ManualClock(), "likeness"):
        rt.characters._analyse = analysed
        yield rt


def _mutual(rt, a: str, b: str, handle_a: str, handle_b: str) -> None:  # noqa: ANN001
    rt.follows.follow(a, handle_b)
    rt.follows.follow(b, handle_a)
    rt.catch_up()


def _may(rt, user_id: str, name: str) -> bool:  # noqa: ANN001
    try:
        rt.characters.check_use(user_id, (name,))
    except CharacterUnavailable:
        return False
    return True


def test_a_capture_makes_a_character_only_its_owner_may_use(any_runtime, captures):
    alice, bob = join(any_runtime, "Alice"), join(any_runtime, "bob")
    view = any_runtime.characters.capture(alice, captures["red"])
    assert (view.name, view.colour, view.audience, view.approved) == ("Alice", "red", "only_me", ())
    assert 0 <= view.voice_pitch <= 99 and view.voice_speed > 0
    [likeness] = any_runtime.characters.check_use(alice, ("alice",))
    assert (likeness.name, likeness.owner_id, likeness.colour) == ("Alice", alice, "red")
    assert likeness.character_id == view.character_id
    with pytest.raises(CharacterUnavailable) as refused:
        any_runtime.characters.check_use(bob, ("alice",))
    with pytest.raises(CharacterUnavailable) as missing:
        any_runtime.characters.check_use(bob, ("alicf",))
    assert str(refused.value).replace("alice", "X") == str(missing.value).replace("alicf", "X")  # leaks nothing
    assert any_runtime.characters.check_use(bob, ()) == ()


def test_one_character_per_member_and_a_recapture_keeps_id_and_audience(any_runtime, captures):
    alice = join(any_runtime, "alice")
    first = any_runtime.characters.capture(alice, captures["red"], audience="everyone")
    with pytest.raises(CharacterExists, match="DELETE /v1/characters/me first"):
        any_runtime.characters.capture(alice, captures["blue"])
    again = any_runtime.characters.recapture(alice, captures["blue"])
    assert (again.character_id, again.audience, again.colour) == (first.character_id, "everyone", "blue")
    assert again.created_at == first.created_at
    [likeness] = any_runtime.characters.check_use(alice, ("alice",))
    assert likeness.colour == "blue"


def test_each_audience_admits_whom_it_names_and_no_one_else(any_runtime, captures):
    rt = any_runtime
    alice, bob, carol, dave = (join(rt, h) for h in ("alice", "bob", "carol", "dave"))
    _mutual(rt, alice, bob, "alice", "bob")
    rt.follows.follow(carol, "alice")  # a follower, not a mutual
    rt.catch_up()
    rt.characters.capture(alice, captures["red"])
    cases = {
        ("only_me", ()): {bob: False, carol: False, dave: False},
        ("mutuals", ()): {bob: True, carol: False, dave: False},
        ("approved", ("carol",)): {bob: False, carol: True, dave: False},
        ("everyone", ()): {bob: True, carol: True, dave: True},
    }
    for (audience, approved), expected in cases.items():
        view = rt.characters.set_audience(alice, audience, approved)
        assert (view.audience, view.approved) == (audience, approved)
        assert {who: _may(rt, who, "alice") for who in expected} == expected, audience
        assert _may(rt, alice, "alice")


def test_an_audience_that_cannot_be_is_refused_saying_why(runtime, captures):
    alice = join(runtime, "alice")
    join(runtime, "bob")
    runtime.characters.capture(alice, captures["red"])
    with pytest.raises(UnknownHandles, match="@nobody1, @nobody2") as unknown:
        runtime.characters.set_audience(alice, "approved", ["bob", "nobody1", "nobody2"])
    assert unknown.value.handles == ("nobody1", "nobody2")
    with pytest.raises(InvalidAudience, match="at most 50"):
        runtime.characters.set_audience(alice, "approved", [f"member{i}" for i in range(51)])
    with pytest.raises(InvalidAudience, match="only with the audience 'approved'"):
        runtime.characters.set_audience(alice, "mutuals", ["bob"])
    with pytest.raises(InvalidAudience, match="at least one handle"):
        runtime.characters.set_audience(alice, "approved", [])
    with pytest.raises(NoCharacter):
        runtime.characters.set_audience(join(runtime, "carol"), "everyone")


def test_a_teens_character_is_never_open_to_everyone(runtime, captures):
    teen = join(runtime, "kiddo", birth_year=TEEN_YEAR)
    with pytest.raises(AudienceNotAllowed, match="teen"):
        runtime.characters.capture(teen, captures["red"], audience="everyone")
    assert runtime.characters.own(teen) is None  # refused before anything was made
    runtime.characters.capture(teen, captures["red"], audience="mutuals")
    with pytest.raises(AudienceNotAllowed):
        runtime.characters.set_audience(teen, "everyone")


def test_a_teen_uses_only_their_own_and_their_mutuals_characters(any_runtime, captures):
    rt = any_runtime
    teen, friend, stranger = join(rt, "kiddo", birth_year=TEEN_YEAR), join(rt, "friend"), join(rt, "stranger")
    _mutual(rt, teen, friend, "kiddo", "friend")
    rt.characters.capture(teen, captures["red"])
    rt.characters.capture(friend, captures["red"], audience="everyone")
    rt.characters.capture(stranger, captures["blue"], audience="everyone")
    assert _may(rt, teen, "kiddo") and _may(rt, teen, "friend")
    assert not _may(rt, teen, "stranger")  # open to everyone, but not a mutual of the teen
    rt.characters.set_audience(stranger, "approved", ["kiddo"])
    assert not _may(rt, teen, "stranger")  # approved by name is not enough either
    rt.characters.set_audience(friend, "only_me")
    assert not _may(rt, teen, "friend")  # a mutual's character still needs its owner's leave
    assert [c.name for c in rt.characters.usable(teen)] == ["kiddo"]


def test_an_adult_uses_a_teens_character_only_as_a_mutual_it_allows(any_runtime, captures):
    rt = any_runtime
    teen, friend, fan = join(rt, "kiddo", birth_year=TEEN_YEAR), join(rt, "friend"), join(rt, "fan")
    _mutual(rt, teen, friend, "kiddo", "friend")
    rt.follows.follow(fan, "kiddo")
    rt.catch_up()
    rt.characters.capture(teen, captures["red"], audience="mutuals")
    assert _may(rt, friend, "kiddo") and not _may(rt, fan, "kiddo")
    rt.characters.set_audience(teen, "approved", ["friend", "fan"])
    assert _may(rt, friend, "kiddo") and not _may(rt, fan, "kiddo")  # approved, but not a mutual
    rt.follows.follow(teen, "fan")
    rt.catch_up()
    assert _may(rt, fan, "kiddo")  # now a mutual the teen approved
    rt.follows.unfollow(teen, "friend")
    rt.catch_up()
    assert not _may(rt, friend, "kiddo")  # no longer a mutual


def test_narrowing_the_audience_revokes_for_every_later_check_at_once(any_runtime, captures):
    rt = any_runtime
    alice, bob = join(rt, "alice"), join(rt, "bob")
    rt.characters.capture(alice, captures["red"], audience="everyone")
    assert _may(rt, bob, "alice") and rt.characters.find(bob, "@ALICE").owner == "alice"
    rt.characters.set_audience(alice, "only_me")  # no catch-up by the caller: the directory's own
    assert not _may(rt, bob, "alice")
    with pytest.raises(CharacterNotFound):
        rt.characters.find(bob, "alice")
    assert rt.characters.usable(bob) == []


def test_removal_shreds_the_features_and_frees_the_name_for_a_new_character(any_runtime, captures):
    rt = any_runtime
    alice = join(rt, "alice")
    first = rt.characters.capture(alice, captures["red"], audience="everyone")
    rt.characters.remove(alice)
    assert rt.vault.is_shredded(character_subject(first.character_id))
    assert rt.characters.own(alice) is None and not _may(rt, alice, "alice")
    captured = next(r.event for r in rt.store.read_stream(characters_stream(alice))
                    if isinstance(r.event, CharacterCaptured))
    with pytest.raises(SubjectForgotten):  # the log's copy is unreadable for good
        rt.vault.open(captured.features)
    with pytest.raises(NoCharacter):
        rt.characters.remove(alice)
    second = rt.characters.capture(alice, captures["blue"])
    assert second.character_id != first.character_id and second.audience == "only_me"
    assert _may(rt, alice, "alice")


def test_deleting_the_account_removes_the_character_for_good(any_runtime, captures):
    rt = any_runtime
    alice, bob = join(rt, "alice"), join(rt, "bob")
    view = rt.characters.capture(alice, captures["red"], audience="everyone")
    rt.characters.capture(bob, captures["blue"], audience="approved", approved=["alice"])
    rt.accounts.delete_account(alice)
    rt.catch_up()
    assert rt.vault.is_shredded(character_subject(view.character_id))
    assert not _may(rt, bob, "alice") and rt.characters.own(alice) is None
    assert rt.characters.own(bob).approved == ()  # who left is no longer listed
    last = rt.store.read_stream(characters_stream(alice))[-1].event
    assert last == CharacterRemoved(character_id=view.character_id, owner_id=alice, reason="account_deleted")
    for projector in rt.projectors:  # a rebuild records nothing twice
        projector.rebuild()
    assert len(rt.store.read_stream(characters_stream(alice))) == 3  # captured, audience set, removed


def test_two_captures_at_once_make_one_character(any_runtime, captures, analysed):
    rt = any_runtime
    alice = join(rt, "alice")
    both_read = threading.Barrier(2, timeout=30)

    def analyse_together(data: bytes) -> object:  # both have checked "no character yet" by now
        both_read.wait()
        return analysed(data)

    rt.characters._analyse = analyse_together
    outcomes: list[object] = []

    def capture() -> None:
        try:
            outcomes.append(rt.characters.capture(alice, captures["red"]))
        except CharacterExists as error:
            outcomes.append(error)

    threads = [threading.Thread(target=capture) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    made = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(made) == 1 and sum(isinstance(o, CharacterExists) for o in outcomes) == 1
    stream = rt.store.read_stream(characters_stream(alice))
    captured = [r.event for r in stream if isinstance(r.event, CharacterCaptured)]
    assert [c.character_id for c in captured] == [made[0].character_id]


def _read_model(rt) -> dict[str, list[tuple]]:  # noqa: ANN001
    with rt.store.engine.connect() as conn:
        return {t.name: sorted(tuple(row) for row in conn.execute(select(t))) for t in TABLES}


def test_rebuilding_the_read_model_from_zero_gives_the_same_rows(any_runtime, captures):
    rt = any_runtime
    alice, bob, carol = join(rt, "alice"), join(rt, "bob"), join(rt, "carol")
    rt.characters.capture(alice, captures["red"], audience="approved", approved=["bob", "carol"])
    rt.characters.capture(bob, captures["blue"], audience="mutuals")
    rt.characters.recapture(bob, captures["red"])
    rt.characters.capture(carol, captures["red"])
    rt.characters.remove(carol)
    before = _read_model(rt)
    assert len(before["characters"]) == 2 and len(before["character_approvals"]) == 2
    projector = next(p for p in rt.projectors if p.projection.name == "safety.characters")
    projector.rebuild()
    assert _read_model(rt) == before


def test_names_are_matched_like_handles_and_each_used_once(runtime, captures):
    alice = join(runtime, "Alice")
    runtime.characters.capture(alice, captures["red"])
    likenesses = runtime.characters.check_use(alice, ("alice", "@ALICE", " Alice "))
    assert [likeness.name for likeness in likenesses] == ["Alice"]
    with pytest.raises(CharacterUnavailable, match="'not a name!'"):
        runtime.characters.check_use(alice, ("alice", "not a name!"))


def test_a_capture_that_cannot_make_a_character_is_refused_with_the_analysers_sentence(runtime, captures):
    alice = join(runtime, "alice")
    runtime.characters._analyse = None  # the real analyser, uncached
    with pytest.raises(CaptureUnusable) as garbage:
        runtime.characters.capture(alice, b"this is not a video at all" * 100)
    assert garbage.value.detail.endswith(".") and len(garbage.value.detail) > 20
    with pytest.raises(CaptureTooLarge, match="at most"):
        runtime.characters.capture(alice, b"\0" * (MAX_CAPTURE_BYTES + 1))
    with pytest.raises(CaptureUnusable, match="empty"):
        runtime.characters.capture(alice, b"")
    assert runtime.characters.own(alice) is None
    assert not runtime.store.read_stream(characters_stream(alice))


@pytest.mark.parametrize(("user_teen", "owner_teen", "audience", "approved", "mutual", "allowed"), [
    (False, False, "everyone", False, False, True),
    (False, False, "only_me", True, True, False),
    (False, False, "mutuals", False, True, True),
    (False, False, "approved", True, False, True),
    (True, False, "everyone", False, False, False),
    (True, False, "everyone", False, True, True),
    (True, False, "approved", True, False, False),
    (False, True, "mutuals", False, True, True),
    (False, True, "approved", True, False, False),
    (False, True, "approved", True, True, True),
    (True, True, "mutuals", False, True, True),
])
def test_the_consent_rules(user_teen, owner_teen, audience, approved, mutual, allowed):
    user, owner = Party(user_id="u", is_teen=user_teen), Party(user_id="o", is_teen=owner_teen)
    assert may_use(user, owner, audience, approved=approved, mutual=mutual) is allowed
    assert may_use(owner, owner, "only_me", approved=False, mutual=False)


@pytest.mark.parametrize(("user_teen", "user_forbidden", "owner_teen", "owner_forbidden", "allowed"), [
    (True, True, False, False, False),  # the teen uses no one else's character
    (False, False, True, True, False),  # no one else uses the teen's
    (True, False, True, True, False),
    (True, True, True, False, False),
    (True, False, True, False, True),  # the teen rules alone: mutuals
    (False, True, False, False, True),  # the control binds only while its member is a teen
    (False, False, False, True, True),
])
def test_a_guardian_who_forbids_characters_keeps_a_teens_likeness_to_themselves(
        user_teen, user_forbidden, owner_teen, owner_forbidden, allowed):
    user = Party(user_id="u", is_teen=user_teen, guardian_forbids_characters=user_forbidden)
    owner = Party(user_id="o", is_teen=owner_teen, guardian_forbids_characters=owner_forbidden)
    assert may_use(user, owner, "mutuals", approved=False, mutual=True) is allowed
    for party in (user, owner):  # their own character always
        assert may_use(party, party, "only_me", approved=False, mutual=False)


def _guard(rt, teen: str, teen_handle: str, characters_allowed: bool | None = None) -> str:  # noqa: ANN001
    """Link a guardian to the teen (and set `characters_allowed` unless None); the guardian's id."""
    guardian = join(rt, "mum")
    rt.guardians.confirm_link(teen, rt.guardians.start_link(guardian).code)
    if characters_allowed is not None:
        rt.guardians.set_controls(guardian, teen_handle, Controls(characters_allowed=characters_allowed))
    return guardian


def test_a_guardian_who_forbids_characters_stops_every_use_but_the_teens_own_at_once(any_runtime, captures):
    rt = any_runtime
    teen, friend = join(rt, "kiddo", birth_year=TEEN_YEAR), join(rt, "friend")
    _mutual(rt, teen, friend, "kiddo", "friend")
    rt.characters.capture(teen, captures["red"], audience="mutuals")
    rt.characters.capture(friend, captures["blue"], audience="mutuals")

    def as_before() -> None:
        assert _may(rt, friend, "kiddo") and _may(rt, teen, "friend") and _may(rt, teen, "kiddo")
        assert [c.name for c in rt.characters.usable(teen)] == ["friend", "kiddo"]
        assert [c.name for c in rt.characters.usable(friend)] == ["friend", "kiddo"]
        assert rt.characters.find(teen, "friend").owner == "friend"

    as_before()
    guardian = _guard(rt, teen, "kiddo", characters_allowed=False)  # no catch-up by the caller
    assert not _may(rt, friend, "kiddo")  # an adult mutual the teen's audience admits
    assert not _may(rt, teen, "friend")  # a friend's character open to the teen
    assert _may(rt, teen, "kiddo")  # the teen's own still works
    with pytest.raises(CharacterUnavailable, match="'friend'"):
        rt.characters.check_use(teen, ("kiddo", "friend"))
    assert [c.name for c in rt.characters.usable(teen)] == ["kiddo"]
    assert [c.name for c in rt.characters.usable(friend)] == ["friend"]
    for user, name in ((teen, "friend"), (friend, "kiddo")):
        with pytest.raises(CharacterNotFound):
            rt.characters.find(user, name)
    rt.guardians.set_controls(guardian, "kiddo", Controls(characters_allowed=True))
    as_before()
    rt.guardians.set_controls(guardian, "kiddo", Controls(characters_allowed=False))
    assert not _may(rt, friend, "kiddo")
    rt.guardians.release("kiddo", guardian_id=guardian)  # the control ends with the guardianship
    as_before()


def test_migrations_create_exactly_the_character_read_models(any_runtime):
    assert_migrated_as_modelled(any_runtime.store.engine, TABLES, "character")


def test_features_in_the_log_are_sealed_not_readable(runtime, captures):
    alice = join(runtime, "alice")
    runtime.characters.capture(alice, captures["red"])
    with runtime.store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT data FROM events WHERE type = 'CharacterCaptured'").scalar_one()
    assert b'"red"' not in stored and b"colour" not in stored and b"voice" not in stored
    features = msgspec.json.decode(stored)["features"]
    # a Sealed is [subject, nonce, ciphertext]: the character's own subject
    assert features[0] == character_subject(runtime.characters.own(alice).character_id)


def test_a_generation_request_asks_this_directory(runtime, captures):
    from generation.jobs import GenerationOrder, generation_stream

    alice, bob = join(runtime, "alice"), join(runtime, "bob")
    runtime.characters.capture(alice, captures["red"])
    with pytest.raises(CharacterUnavailable, match="'alice'"):
        runtime.generations.request(bob, GenerationOrder(prompt="a ball drops", characters=("alice",)))
    runtime.characters.set_audience(alice, "everyone")
    gid = runtime.generations.request(bob, GenerationOrder(prompt="a ball drops", characters=("alice",)))
    assert runtime.store.read_stream(generation_stream(gid))[0].event.characters == ("alice",)


def test_deleting_the_account_leaves_no_copy_of_the_characters_key_in_the_sqlite_files(runtime, captures, tmp_path):
    from sqlalchemy import select

    from events.schema import subject_keys_table

    alice = join(runtime, "alice")
    view = runtime.characters.capture(alice, captures["red"])
    with runtime.store.engine.connect() as conn:
        key = conn.execute(select(subject_keys_table.c.key).where(
            subject_keys_table.c.subject == character_subject(view.character_id))).scalar_one()
    runtime.accounts.delete_account(alice)
    runtime.catch_up()  # the erasure shreds it as it projects the deletion, then its old copies go
    assert runtime.vault.is_shredded(character_subject(view.character_id))
    files = [p for p in tmp_path.iterdir() if p.name.startswith("likeness.db")]
    assert files and not any(key in p.read_bytes() for p in files)


def test_a_capture_recorded_keeps_its_key_when_bringing_the_read_model_up_to_date_fails(runtime, captures,
                                                                                         monkeypatch):
    from sqlalchemy.exc import OperationalError

    alice = join(runtime, "alice")
    projector, calls = runtime.characters._projector, []
    real = projector.catch_up

    def failing_once() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("catch up", {}, Exception("database is locked"))
        return real()

    monkeypatch.setattr(projector, "catch_up", failing_once)
    with pytest.raises(OperationalError):
        runtime.characters.capture(alice, captures["red"], audience="everyone")
    runtime.catch_up()
    assert runtime.characters.own(alice).colour == "red"  # recorded, and its features still readable
    assert runtime.characters.check_use(alice, ("alice",))[0].colour == "red"


def test_a_member_uploads_at_most_ten_captures_an_hour(runtime, captures):
    from safety.likeness import TooManyCaptures

    alice = join(runtime, "alice")
    runtime.characters.capture(alice, captures["red"])
    for _ in range(9):
        runtime.clock.advance(minutes=5)
        runtime.characters.recapture(alice, captures["blue"])
    with pytest.raises(TooManyCaptures, match="10 captures within the hour") as refused:
        runtime.characters.recapture(alice, captures["red"])
    assert refused.value.retry_after_s == 15 * 60  # the first leaves the hour 60 minutes after it came
    runtime.characters.remove(alice)
    with pytest.raises(TooManyCaptures):  # removing it does not reset the count
        runtime.characters.capture(alice, captures["red"])
    runtime.clock.advance(minutes=15)
    assert runtime.characters.capture(alice, captures["red"]).colour == "red"


def test_an_upload_that_finds_every_capture_reader_busy_is_told_to_come_back(runtime, captures, monkeypatch):
    import safety.likeness.directory as directory
    from safety.likeness import CaptureBusy

    alice = join(runtime, "alice")
    monkeypatch.setattr(directory, "CAPTURE_WAIT_S", 0.05)
    held = [directory._READERS.acquire(timeout=1) for _ in range(os.cpu_count() or 1)]
    try:
        assert all(held)
        with pytest.raises(CaptureBusy, match="busy"):
            runtime.characters.capture(alice, captures["red"])
    finally:
        for _ in held:
            directory._READERS.release()
    assert runtime.characters.capture(alice, captures["red"]).colour == "red"


def test_a_page_of_usable_characters_opens_only_the_features_it_shows(runtime, captures, monkeypatch):
    owners = [join(runtime, f"owner{i}") for i in range(4)]
    for owner in owners:
        runtime.characters.capture(owner, captures["red"], audience="everyone")
    viewer = join(runtime, "viewer")
    opened, real_open = [], runtime.characters._open
    monkeypatch.setattr(runtime.characters, "_open", lambda row: opened.append(row.name) or real_open(row))
    page = runtime.characters.usable(viewer, limit=1, offset=2)
    assert [c.name for c in page] == ["owner2"] and opened == ["owner2"]
