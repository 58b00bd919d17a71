"""GenerationService: requests are idempotent and paid from the quota; cancel; delete."""

from __future__ import annotations

import pytest

from events.generation import GenerationRequested
from generation.jobs import (
    GenerationNotFound,
    GenerationOrder,
    IdempotencyKeyReused,
    InvalidGeneration,
    NotCancellable,
    NothingToGenerate,
    generation_stream,
)
from social import QuotaExceeded
from tests.fixtures_db import join
from tests.jobs.fixtures import chain_runtime

BALL = GenerationOrder(prompt="a red ball bounces in a gym")


def _used(runtime, user_id: str) -> int:
    runtime.catch_up()
    return runtime.quota.quota(user_id).used_today


def test_a_request_records_what_was_asked_and_reserves_one_generation(runtime, alice):
    gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces", style="anime", shots=2))
    [recorded] = runtime.store.read_stream(generation_stream(gid))
    event = recorded.event
    assert isinstance(event, GenerationRequested)
    assert (event.user_id, event.style, event.shots, event.teen, event.reservation) == (alice, "anime", 2, False, "free")
    assert _used(runtime, alice) == 1
    assert runtime.generations.generation(alice, gid).status == "queued"


def test_a_retry_with_the_same_idempotency_key_returns_the_same_generation(runtime, alice):
    first = runtime.generations.request(alice, BALL, idempotency_key="tap-1")
    again = runtime.generations.request(alice, BALL, idempotency_key="tap-1")
    other = runtime.generations.request(alice, BALL, idempotency_key="tap-2")
    assert first == again != other
    assert _used(runtime, alice) == 2


def test_a_request_killed_while_recording_neither_pays_nor_records_and_its_retry_pays_once(runtime, alice, monkeypatch):
    real = runtime.store.append_many

    def killed(writes, **kwargs):  # noqa: ANN003, ANN202 - dies in the transaction recording the request
        if any(w.stream_id.startswith(generation_stream("")) for w in writes):
            raise KeyboardInterrupt
        return real(writes, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", killed)
    with pytest.raises(KeyboardInterrupt):
        runtime.generations.request(alice, BALL, idempotency_key="tap-1")
    assert runtime.store.read_stream(f"ledger-{alice}") == [] and _used(runtime, alice) == 0
    monkeypatch.setattr(runtime.store, "append_many", real)
    gid = runtime.generations.request(alice, BALL, idempotency_key="tap-1")
    assert runtime.generations.request(alice, BALL, idempotency_key="tap-1") == gid
    assert _used(runtime, alice) == 1
    reserved = [r for r in runtime.store.read_stream(f"ledger-{alice}")]
    [requested] = runtime.store.read_stream(generation_stream(gid))
    assert len(reserved) == 1 and reserved[0].position + 1 == requested.position  # one transaction


def test_an_idempotency_key_reused_for_another_prompt_is_refused(runtime, alice):
    runtime.generations.request(alice, BALL, idempotency_key="tap-1")
    with pytest.raises(IdempotencyKeyReused):
        runtime.generations.request(alice, GenerationOrder(prompt="a crate slides"), idempotency_key="tap-1")


def test_a_prompt_nothing_can_be_made_of_is_refused_before_quota_is_spent(runtime, alice):
    with pytest.raises(NothingToGenerate) as caught:
        runtime.generations.request(alice, GenerationOrder(prompt="quantum spreadsheet taxonomy"))
    assert any("ball" in p for p in caught.value.possible)
    with pytest.raises(InvalidGeneration):
        runtime.generations.request(alice, GenerationOrder(prompt="a ball", style="baroque"))
    assert _used(runtime, alice) == 0


def test_without_quota_left_a_request_is_refused_with_the_reset_time(tmp_path, clock, generator):
    runtime = chain_runtime(tmp_path, clock, generator, daily_free_generations=1)
    try:
        alice = join(runtime, "alice")
        runtime.generations.request(alice, BALL)
        with pytest.raises(QuotaExceeded) as caught:
            runtime.generations.request(alice, BALL)
        assert caught.value.resets_at > clock()
    finally:
        runtime.close()


def test_cancel_stops_a_queued_generation_and_gives_the_slot_back(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    runtime.generations.cancel(alice, gid)
    assert runtime.chain.advance(gid) is None
    assert _used(runtime, alice) == 0
    assert runtime.generations.generation(alice, gid).status == "cancelled"
    with pytest.raises(NotCancellable):
        runtime.generations.cancel(alice, gid)


def test_another_members_generation_is_not_found(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    bob = join(runtime, "bob")
    runtime.catch_up()
    with pytest.raises(GenerationNotFound):
        runtime.generations.generation(bob, gid)
    with pytest.raises(GenerationNotFound):
        runtime.generations.cancel(bob, gid)


def test_a_character_nobody_let_this_member_use_is_refused_before_anything_is_recorded(runtime, alice):
    from generation.jobs import CharacterUnavailable

    for names in (("a naked child",), ("Taylor Swift",), ("nobody_here", "x")):
        with pytest.raises(CharacterUnavailable, match=f"no character {names[0]!r} you may use"):
            runtime.generations.request(alice, GenerationOrder(prompt="a ball drops", characters=names))
    assert _used(runtime, alice) == 0
    assert runtime.generations.request(alice, GenerationOrder(prompt="a ball drops"))  # none named: as ever
