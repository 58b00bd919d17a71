"""The social read models are a pure function of the log: a rebuild gives the same tables."""

from __future__ import annotations

from sqlalchemy import select

from social import Controls
from social.tables import TABLES
from tests.fixtures_db import join


def _snapshot(runtime) -> dict[str, list[tuple]]:
    with runtime.store.engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in TABLES
        }


def test_rebuilding_every_projection_gives_the_same_read_models(any_runtime, clock):
    rt = any_runtime
    ann, ben, kid = join(rt, "ann"), join(rt, "ben"), join(rt, "kid", birth_year=2011)
    rt.follows.follow(ann, "ben")
    rt.follows.follow(ben, "ann")
    rt.follows.follow(kid, "ann")
    rt.follows.unfollow(kid, "ann")
    rt.invites.issue_for_member(ann)
    rt.guardians.confirm_link(kid, rt.guardians.start_link(ann).code)
    rt.guardians.set_controls(ann, "kid", Controls(daily_generation_limit=4, session_minutes_cap=60))
    rt.quota.purchase(ben, 2, "tok_visa")
    for i in range(3):
        rt.quota.reserve_generation(kid, f"g{i}")
    rt.accounts.log_in("ben", "correct horse")
    clock.advance(hours=1)
    rt.catch_up()
    rt.accounts.rename(ben, "Ben B.")
    rt.accounts.delete_account(ann)
    rt.catch_up()
    before = _snapshot(rt)
    assert before["social_accounts"] and before["social_ledger_accounts"]
    for projector in rt.projectors:
        projector.rebuild()
    assert _snapshot(rt) == before
