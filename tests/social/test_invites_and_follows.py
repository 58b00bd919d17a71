"""Member invite allowance, and the follow graph."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from social import InvalidInput, InvalidInvite, InviteAllowanceExhausted, Member, NotFound
from social.tables import Follow, Invite
from tests.fixtures_db import join


def test_a_member_may_make_as_many_invites_as_the_allowance(runtime):
    user_id = join(runtime, "alice")
    for _ in range(runtime.settings.invites_per_member):
        runtime.invites.issue_for_member(user_id)
    with pytest.raises(InviteAllowanceExhausted):
        runtime.invites.issue_for_member(user_id)
    runtime.catch_up()
    mine = runtime.invites.of_member(user_id)
    assert mine.remaining == 0 and len(mine.invites) == runtime.settings.invites_per_member
    assert {i.status for i in mine.invites} == {"unused"}


def test_a_member_invite_lets_a_friend_join_and_shows_as_used(runtime):
    user_id = join(runtime, "alice")
    code = runtime.invites.issue_for_member(user_id).code
    runtime.accounts.sign_up(invite_code=code, handle="friend", password="password123", birth_year=1999)
    runtime.catch_up()
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["used"]


def test_an_unused_member_invite_shows_as_expired_after_its_lifetime(runtime, clock):
    user_id = join(runtime, "alice")
    runtime.invites.issue_for_member(user_id)
    runtime.catch_up()
    clock.advance(days=runtime.settings.invite_ttl_days + 1)
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["expired"]


def test_an_invite_that_expired_unused_gives_its_place_back_and_a_used_one_does_not(runtime, clock):
    user_id = join(runtime, "alice")
    allowance = runtime.settings.invites_per_member
    first = runtime.invites.issue_for_member(user_id).code
    runtime.accounts.sign_up(invite_code=first, handle="friend", password="password123", birth_year=1999)
    for _ in range(allowance - 1):
        runtime.invites.issue_for_member(user_id)
    with pytest.raises(InviteAllowanceExhausted, match="one that expires unused comes back"):
        runtime.invites.issue_for_member(user_id)
    clock.advance(days=runtime.settings.invite_ttl_days + 1)
    runtime.catch_up()
    assert runtime.invites.of_member(user_id).remaining == allowance - 1  # the used one still counts
    for _ in range(allowance - 1):
        runtime.invites.issue_for_member(user_id)
    with pytest.raises(InviteAllowanceExhausted):
        runtime.invites.issue_for_member(user_id)


def test_an_invite_made_as_another_lands_is_counted_again_not_refused(runtime, monkeypatch):
    user_id = join(runtime, "alice")
    real = runtime.store.append_many

    def another_tab_first(writes, **kwargs):
        monkeypatch.setattr(runtime.store, "append_many", real)
        runtime.invites.issue_for_member(user_id)  # the other tab's invite lands between read and append
        return real(writes, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", another_tab_first)
    runtime.invites.issue_for_member(user_id)
    runtime.catch_up()
    assert len(runtime.invites.of_member(user_id).invites) == 2


def test_follow_unfollow_and_mutuals(runtime):
    a, b, c = join(runtime, "ann"), join(runtime, "ben"), join(runtime, "cat")
    runtime.follows.follow(a, "ben")
    runtime.follows.follow(b, "ann")
    runtime.follows.follow(a, "cat")
    runtime.catch_up()
    assert runtime.follows.list(a, "mutuals") == [Member(handle="ben", display_name="ben")]
    assert [m.handle for m in runtime.follows.list(a, "following")] == ["ben", "cat"]
    assert [m.handle for m in runtime.follows.list(c, "followers")] == ["ann"]
    runtime.follows.unfollow(b, "ANN")
    runtime.catch_up()
    assert runtime.follows.list(a, "mutuals") == []
    assert runtime.directory.follow_counts(a) == (0, 2)


def test_following_twice_records_one_follow(runtime):
    a, _ = join(runtime, "ann"), join(runtime, "ben")
    runtime.follows.follow(a, "ben")
    runtime.follows.follow(a, "ben")
    assert len(runtime.store.read_stream(f"follows-{a}")) == 1


def _first_lands_before_the_next_write(runtime, monkeypatch, first) -> None:  # noqa: ANN001
    """Run `first` (another tab, another request) between the next write's read and its append."""
    append_many = runtime.store.append_many

    def first_lands(writes, **kwargs):  # noqa: ANN003, ANN202
        monkeypatch.setattr(runtime.store, "append_many", append_many)
        first()
        return append_many(writes, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", first_lands)


def test_follows_from_two_tabs_at_once_both_land(runtime, monkeypatch):
    a, _, _ = join(runtime, "ann"), join(runtime, "ben"), join(runtime, "cat")
    _first_lands_before_the_next_write(runtime, monkeypatch, lambda: runtime.follows.follow(a, "cat"))
    runtime.follows.follow(a, "ben")
    runtime.catch_up()
    assert [m.handle for m in runtime.follows.list(a, "following")] == ["ben", "cat"]
    assert len(runtime.store.read_stream(f"follows-{a}")) == 2


def test_unfollowing_what_another_tab_just_unfollowed_is_not_found(runtime, monkeypatch):
    a, _ = join(runtime, "ann"), join(runtime, "ben")
    runtime.follows.follow(a, "ben")
    _first_lands_before_the_next_write(runtime, monkeypatch, lambda: runtime.follows.unfollow(a, "ben"))
    with pytest.raises(NotFound, match="do not follow"):  # decided again on what won
        runtime.follows.unfollow(a, "ben")
    assert len(runtime.store.read_stream(f"follows-{a}")) == 2


@pytest.mark.parametrize(("leaving", "message"), [("ann", "your account no longer exists"),
                                                   ("ben", "no member is called @ben")], ids=["follower", "followee"])
def test_a_follow_racing_either_members_deletion_is_refused_and_leaves_no_follow(runtime, monkeypatch, leaving,
                                                                                 message):
    ids = {"ann": join(runtime, "ann"), "ben": join(runtime, "ben")}
    _first_lands_before_the_next_write(runtime, monkeypatch, lambda: runtime.accounts.delete_account(ids[leaving]))
    with pytest.raises(NotFound, match=message):
        runtime.follows.follow(ids["ann"], "ben")
    runtime.catch_up()
    assert runtime.store.read_stream(f"follows-{ids['ann']}") == []
    with runtime.directory.session() as session:
        assert session.execute(select(Follow)).scalars().all() == []


def test_a_login_between_reading_and_following_does_not_refuse_the_follow(runtime, monkeypatch):
    a, _ = join(runtime, "ann"), join(runtime, "ben")
    _first_lands_before_the_next_write(
        runtime, monkeypatch, lambda: runtime.accounts.log_in("ann", "correct horse"))
    runtime.follows.follow(a, "ben")  # the account stream moved on: decided again, and lands
    runtime.catch_up()
    assert [m.handle for m in runtime.follows.list(a, "following")] == ["ben"]


def test_following_yourself_or_a_stranger_is_refused(runtime):
    a = join(runtime, "ann")
    with pytest.raises(InvalidInput):
        runtime.follows.follow(a, "ann")
    with pytest.raises(NotFound):
        runtime.follows.follow(a, "ghost")
    join(runtime, "ben")
    with pytest.raises(NotFound, match="do not follow"):
        runtime.follows.unfollow(a, "ben")


def test_teen_status_is_visible_only_to_the_member_and_their_guardian(runtime, clock):
    teen, adult, stranger = join(runtime, "teen", birth_year=2010), join(runtime, "mum"), join(runtime, "x_y")
    today = clock().date()
    assert runtime.directory.profile("teen", teen, today).is_teen is True
    assert runtime.directory.profile("teen", stranger, today).is_teen is None
    code = runtime.guardians.start_link(adult).code
    runtime.guardians.confirm_link(teen, code)
    runtime.catch_up()
    assert runtime.directory.profile("teen", adult, today).is_teen is True


def _invitee_leaves(runtime) -> tuple[str, str, str]:
    """Alice invites a friend, who joins and then deletes their account: (alice, code, friend)."""
    user_id = join(runtime, "alice")
    code = runtime.invites.issue_for_member(user_id).code
    friend = runtime.accounts.sign_up(invite_code=code, handle="friend", password="password123",
                                      birth_year=1999).user_id
    runtime.catch_up()
    runtime.accounts.delete_account(friend)
    runtime.catch_up()
    return user_id, code, friend


def test_an_invite_stays_used_after_its_redeemer_deletes_their_account(runtime):
    user_id, code, friend = _invitee_leaves(runtime)
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["used"]
    with runtime.directory.session() as session:
        assert session.get(Invite, code).redeemed_by != friend
    for projector in runtime.projectors:
        projector.rebuild()
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["used"]
    with pytest.raises(InvalidInvite, match="already used"):
        runtime.accounts.sign_up(invite_code=code, handle="another", password="password123", birth_year=1999)


def test_invites_built_by_the_projection_before_that_fix_are_rebuilt_on_upgrade(runtime):
    """Version 1 of the invites projection cleared `redeemed_by` when the redeemer left, so the
    code read as unused; its read model is rebuilt by version 2 without anyone asking."""
    from sqlalchemy import update

    from events.schema import checkpoints_table

    user_id, code, _ = _invitee_leaves(runtime)
    with runtime.store.engine.begin() as conn:  # what an installation of version 1 holds
        conn.execute(update(Invite).where(Invite.code == code).values(redeemed_by=None))
        conn.execute(update(checkpoints_table).where(checkpoints_table.c.name == "social.invites")
                     .values(version=1))
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["unused"]
    runtime.catch_up()  # the upgraded service's first catch-up
    assert [i.status for i in runtime.invites.of_member(user_id).invites] == ["used"]
    with runtime.store.engine.connect() as conn:
        assert conn.execute(checkpoints_table.select().where(
            checkpoints_table.c.name == "social.invites")).one().version == 2
