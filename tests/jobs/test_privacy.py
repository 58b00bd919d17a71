"""A person's words in the log: their prompt, the plan and captions made of it are sealed under
their key, readable while the account lives and erased from every copy when it is deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from events.schema import events_table
from generation.jobs import GenerationOrder, generation_stream
from tests.fixtures_db import fresh_postgres_database, join
from tests.jobs.fixtures import chain_runtime

WORDS = ("Zanzibar", "Mittens")
ORDER = GenerationOrder(prompt="a red ball bounces in a gym in Zanzibar", shots=2,
                        shot_prompts=("a red ball bounces in a gym in Zanzibar", "Mittens the cat watches it"))


def _raw_log(runtime) -> bytes:
    with runtime.store.engine.connect() as conn:
        return b"".join(row.data for row in conn.execute(select(events_table.c.data).order_by(events_table.c.position)))


def _words_are_erased_with_the_account(runtime, alice) -> None:
    gid = runtime.generations.request(alice, ORDER)
    state = runtime.chain.run(gid)
    assert state.status == "published"
    assert "Zanzibar" in state.request.prompt and state.rewrite.caption and state.video.provenance.caption
    raw = _raw_log(runtime)
    assert not any(word.encode() in raw for word in WORDS)  # nowhere in the log in clear
    runtime.catch_up()
    assert "Zanzibar" in runtime.generations.generation(alice, gid).prompt  # the person still reads it

    runtime.accounts.delete_account(alice)
    assert _raw_log(runtime).startswith(raw)  # the log is untouched (AccountDeleted added): the key went
    state = runtime.chain.state(gid)
    assert (state.request.prompt, state.request.shot_prompts) == ("", ())
    assert (state.rewrite.plan, state.rewrite.caption, state.rewrite.shot_captions) == ({}, "", ())
    assert state.video.provenance.caption == ""
    assert runtime.sweeper.sweep().erased == 1  # the erased events still fold
    runtime.catch_up()
    dump = repr([r.event for r in runtime.store.read_all(0, 10_000)])
    assert not any(word in dump for word in WORDS)


def test_a_deleted_accounts_prompts_and_captions_are_erased_from_the_log(runtime, alice):
    _words_are_erased_with_the_account(runtime, alice)


@pytest.mark.postgres
def test_the_same_on_postgresql(tmp_path, clock, generator):
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, clock, generator, url=url)
        try:
            _words_are_erased_with_the_account(runtime, join(runtime, "alice"))
        finally:
            runtime.close()


def test_an_account_deleted_while_a_step_runs_ends_its_generation_and_keeps_nothing_new(runtime, alice):
    gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    real = runtime.chain.steps

    class DeletedMeanwhile:
        def run(self, state, step, check=None, likeness=()):
            event = real.run(state, step, check, likeness)
            runtime.accounts.delete_account(alice)  # as the rewrite finishes
            return event

    runtime.chain.steps = DeletedMeanwhile()
    assert runtime.chain.advance(gid) == "rewrite"
    told = [r.event for r in runtime.store.read_stream(generation_stream(gid))]
    assert [type(e).__name__ for e in told] == ["GenerationRequested", "GenerationCancelled"]


def test_a_request_from_an_account_deleted_a_moment_ago_records_nothing(runtime, alice):
    from events import SubjectForgotten

    before = runtime.store.last_position()
    runtime.vault.shred(f"user-{alice}")  # the deletion's first step: the read models still list her
    with pytest.raises(SubjectForgotten):
        runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    assert runtime.store.last_position() == before  # no ledger reservation, no request


def test_a_failure_that_quotes_the_prompt_is_sealed_and_erased_with_the_account(runtime, alice):
    from generation.jobs.errors import NothingToGenerate

    gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    real = runtime.chain.steps

    class Quoting:
        def run(self, state, step, check=None, likeness=()):
            raise NothingToGenerate("nothing in 'Zanzibar Mittens' can be made", possible=())

    runtime.chain.steps = Quoting()
    assert runtime.chain.run(gid).status == "failed"
    runtime.chain.steps = real
    assert b"Zanzibar" not in _raw_log(runtime)
    assert "Zanzibar" in runtime.store.read_stream(generation_stream(gid))[-1].event.reason
    runtime.accounts.delete_account(alice)
    assert "Zanzibar" not in runtime.store.read_stream(generation_stream(gid))[-1].event.reason
