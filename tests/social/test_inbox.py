"""Notifications (social.inbox): the inbox is a read model of the log. Real store and
projector; the events are appended as the services append them (the HTTP tests run the real
chain, feed and review desk end to end)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from events.feed import VideoPosted
from events.generation import (
    GenerationFailed,
    GenerationRequested,
    OutputBlocked,
    PromptBlocked,
    Provenance,
    VideoDeleted,
    VideoPublished,
)
from events.review import PostRemoved, RemovalDecided, ReportsDismissed, ReviewDecided, VideoReported
from social import Controls, InvalidInput
from social.inbox import TABLES, Inbox
from tests.fixtures_db import assert_migrated_as_modelled, join



def _requested(rt, gid: str, owner: str, *, cast: tuple[str, ...] = (), remix_of: str | None = None) -> None:
    rt.store.append(f"generation-{gid}", [GenerationRequested(
        generation_id=gid, user_id=owner, prompt="a ball", style=None, characters=(), remix_of=remix_of, shots=1,
        tier="standard", seed=1, teen=False, reservation="free", cast=cast)])


def _published(rt, gid: str, owner: str, video: str) -> None:
    rt.store.append(f"generation-{gid}", [VideoPublished(
        generation_id=gid, video_id=video, owner_id=owner, media_key="k", size_bytes=1, duration_s=2.0, width=256,
        height=256, provenance=Provenance(model="m", caption="c", seed=1, steps=2, generation_id=gid,
                                          content_sha256="0" * 64))])


def _posted(rt, gid: str, owner: str, video: str, audience: str = "everyone", cast: tuple[str, ...] = ()) -> None:
    rt.store.append(f"post-{video}", [VideoPosted(
        video_id=video, generation_id=gid, owner_id=owner, audience=audience, cast=cast, teen=False, caption="c",
        facets=(), energy=0.5, teen_safe=True, remixable=True)])


@pytest.fixture
def reach():
    """Which remixes reach whom: {(viewer, video)} (the app asks the posts' audiences)."""
    return set()


@pytest.fixture
def inbox(runtime, reach):
    return Inbox(runtime.store, runtime.directory,
                 visible=lambda user, videos, confirm=True: [v for v in videos if (user, v) in reach])


def _kinds(inbox, user: str) -> list[tuple[str, str | None, str]]:
    return [(n.kind, n.actor, n.text) for n in inbox.page(user).notifications]


def test_a_member_hears_of_their_video_its_cast_and_a_remix_that_reaches_them(runtime, inbox, reach):
    ann, ben, cy = join(runtime, "ann"), join(runtime, "ben"), join(runtime, "cyd")
    _requested(runtime, "g1", ann, cast=(ann, ben))
    _published(runtime, "g1", ann, "v1")
    _requested(runtime, "g2", cy, remix_of="v1")
    _published(runtime, "g2", cy, "v2")
    _posted(runtime, "g2", cy, "v2")
    _posted(runtime, "g2", cy, "v2")  # posted again (a new audience): not news twice
    runtime.catch_up()
    assert _kinds(inbox, ann) == [("video_ready", None, "Your video is ready.")]  # the remix does not reach her
    assert inbox.unread(ann) == 1
    reach.add((ann, "v2"))
    assert _kinds(inbox, ann) == [("remixed", "cyd", "@cyd posted a remix of your video."),
                                  ("video_ready", None, "Your video is ready.")]
    assert inbox.unread(ann) == 2
    assert [(n.kind, n.actor, n.video_id) for n in inbox.page(ben).notifications] == [("cast", "ann", "v1")]
    assert [n.kind for n in inbox.page(cy).notifications] == ["video_ready"]  # not told of her own remix


def test_a_video_not_made_says_why_without_anyones_words(runtime, inbox):
    ann = join(runtime, "ann")
    for gid in ("g1", "g2", "g3", "g4"):
        _requested(runtime, gid, ann)
    runtime.store.append("generation-g1", [PromptBlocked(generation_id="g1", category="graphic_violence",
                                                          message="blocked: gore", layer="lexicon")])
    runtime.store.append("generation-g2", [OutputBlocked(generation_id="g2", findings=())])
    runtime.store.append("generation-g3", [GenerationFailed(generation_id="g3", step="sampling",
                                                             reason="my secret words", owner_id=ann)])
    runtime.store.append("generation-g4", [GenerationFailed(generation_id="g4", step="sampling", reason="x",
                                                             likeness_withdrawn=True)])
    runtime.catch_up()
    texts = [n.text for n in inbox.page(ann).notifications]
    assert texts == [
        "Your video was not made: a character's owner no longer lets you use their likeness.",
        "Your video could not be made (it failed at sampling).",
        "The output checks stopped your video before anyone saw it.",
        "The prompt check stopped your video (graphic violence). You may appeal it.",
    ]
    assert "secret" not in str(inbox.page(ann))


def test_reviews_are_told_to_the_owner_and_the_reporters_never_who_reported(runtime, inbox):
    ann, ben, cy, rita = (join(runtime, h) for h in ("ann", "ben", "cyd", "rita"))
    _requested(runtime, "g1", ann)
    _published(runtime, "g1", ann, "v1")
    for i, reporter in enumerate((ben, cy)):
        runtime.store.append(f"reports-{reporter}", [VideoReported(
            report_id=f"r{i}", video_id="v1", generation_id="g1", owner_id=ann, reporter_id=reporter,
            reason="spam", note="an advert")])
    runtime.store.append("moderation-v1", [PostRemoved(video_id="v1", owner_id=ann, reviewer_id=rita,
                                                       category="spam", note="an advert", report_ids=("r0",))])
    runtime.store.append("moderation-v1", [RemovalDecided(video_id="v1", owner_id=ann, reviewer_id=rita,
                                                          outcome="restored", note="", report_ids=("r0",))])
    runtime.store.append("moderation-v1", [ReportsDismissed(video_id="v1", owner_id=ann, reviewer_id=rita,
                                                            report_ids=("r1",))])
    runtime.store.append("appeals-ann", [ReviewDecided(appeal_id="a1", generation_id="g1", appellant_id=ann,
                                                       reviewer_id=rita, outcome="overturned", note="")])
    runtime.catch_up()
    owner = inbox.page(ann).notifications
    assert [(n.kind, n.detail, n.actor) for n in owner] == [
        ("appeal_decided", "overturned", None), ("removal_decided", "restored", None),
        ("removed", "spam", None), ("video_ready", "", None)]
    assert owner[2].text == "A reviewer removed your video (reason: spam or misleading). You may appeal within 30 days."
    assert [(n.kind, n.detail) for n in inbox.page(ben).notifications] == [("report_decided", "removed")]
    assert [(n.kind, n.detail) for n in inbox.page(cy).notifications] == [("report_decided", "kept")]
    assert inbox.page(rita).notifications == []


def test_follows_and_guardians_are_told_and_a_follow_undone_before_it_is_read_is_not(runtime, inbox, clock):
    ann, ben, kid = join(runtime, "ann"), join(runtime, "ben"), join(runtime, "kid", birth_year=2012)
    runtime.follows.follow(ben, "ann")
    runtime.follows.unfollow(ben, "ann")
    runtime.catch_up()
    assert inbox.page(ann).notifications == []
    runtime.follows.follow(ben, "ann")
    runtime.catch_up()
    inbox.mark_seen(ann)
    runtime.catch_up()
    runtime.follows.unfollow(ben, "ann")  # read already: it stays, as read
    runtime.guardians.confirm_link(kid, runtime.guardians.start_link(ann).code)
    runtime.guardians.set_controls(ann, "kid", Controls(daily_generation_limit=3))
    runtime.catch_up()
    assert [(n.kind, n.actor, n.unread) for n in inbox.page(ann).notifications] == [
        ("guardian_linked", "kid", True), ("followed", "ben", False)]
    assert [n.text for n in inbox.page(kid).notifications] == ["@ann, your guardian, changed your parental controls."]


def test_reading_marks_up_to_an_id_and_never_goes_backwards(runtime, inbox):
    ann = join(runtime, "ann")
    followers = [join(runtime, f"fan{i}") for i in range(5)]
    for who in followers:
        runtime.follows.follow(who, "ann")
    runtime.catch_up()
    ids = [n.id for n in inbox.page(ann).notifications]
    assert len(ids) == 5 and ids == sorted(ids, reverse=True) and inbox.unread(ann) == 5
    inbox.mark_seen(ann, ids[2])
    runtime.catch_up()
    assert [n.unread for n in inbox.page(ann).notifications] == [True, True, False, False, False]
    assert inbox.unread(ann) == 2
    inbox.mark_seen(ann, ids[4])  # older: nothing changes, nothing is appended
    runtime.catch_up()
    assert inbox.unread(ann) == 2
    inbox.mark_seen(ann, 10**12)  # past the newest: all read, and no further
    runtime.catch_up()
    assert inbox.unread(ann) == 0
    runtime.follows.follow(join(runtime, "late"), "ann")
    runtime.catch_up()
    assert inbox.unread(ann) == 1
    with pytest.raises(InvalidInput):
        inbox.mark_seen(ann, 0)


def test_pages_go_back_by_id_and_fill_past_the_remixes_hidden_from_the_member(runtime, inbox, reach):
    ann = join(runtime, "ann")
    _requested(runtime, "g0", ann)
    _published(runtime, "g0", ann, "v0")
    for i in range(1, 6):  # five remixes, none reaching her, then five followers
        owner = join(runtime, f"rem{i}")
        _requested(runtime, f"g{i}", owner, remix_of="v0")
        _published(runtime, f"g{i}", owner, f"v{i}")
        _posted(runtime, f"g{i}", owner, f"v{i}")
    for i in range(5):
        runtime.follows.follow(join(runtime, f"fan{i}"), "ann")
    runtime.catch_up()
    first = inbox.page(ann, limit=3)
    assert [n.kind for n in first.notifications] == ["followed"] * 3 and first.next_before is not None
    second = inbox.page(ann, before=first.next_before, limit=3)
    assert [n.kind for n in second.notifications] == ["followed", "followed", "video_ready"]
    assert second.next_before is None and second.unread == 6
    reach.add((ann, "v3"))
    assert [n.video_id for n in inbox.page(ann, before=first.next_before, limit=10).notifications] == [
        None, None, "v3", "v0"]
    with pytest.raises(InvalidInput):
        inbox.page(ann, limit=0)
    with pytest.raises(InvalidInput):
        inbox.page(ann, before=0)


def test_a_deleted_account_takes_its_inbox_and_what_names_it_and_a_deleted_video_its_notes(runtime, inbox):
    ann, ben = join(runtime, "ann"), join(runtime, "ben")
    _requested(runtime, "g1", ann, cast=(ben,))
    _published(runtime, "g1", ann, "v1")
    _requested(runtime, "g2", ann)
    _published(runtime, "g2", ann, "v2")
    runtime.follows.follow(ben, "ann")
    runtime.store.append("generation-g2", [VideoDeleted(generation_id="g2", video_id="v2", by=ann)])
    runtime.catch_up()
    assert [(n.kind, n.video_id) for n in inbox.page(ann).notifications] == [("followed", None), ("video_ready", "v1")]
    runtime.accounts.delete_account(ben)
    runtime.catch_up()
    assert [n.kind for n in inbox.page(ann).notifications] == ["video_ready"]
    runtime.accounts.delete_account(ann)
    runtime.catch_up()
    cyd = join(runtime, "cyd")
    _requested(runtime, "g3", cyd, remix_of="v1")  # a remix of her video, posted after she left
    _published(runtime, "g3", cyd, "v3")
    _posted(runtime, "g3", cyd, "v3")
    runtime.catch_up()
    with runtime.store.engine.connect() as conn:
        assert [r for table in TABLES[:2] for r in conn.execute(select(table)) if r.user_id != cyd] == []


def _snapshot(runtime) -> dict[str, list[tuple]]:
    with runtime.store.engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in TABLES}


def test_the_inbox_is_rebuilt_from_the_log_as_it_was_on_both_databases(any_runtime):
    rt = any_runtime
    ann, ben = join(rt, "ann"), join(rt, "ben")
    _requested(rt, "g1", ann, cast=(ben,))
    _published(rt, "g1", ann, "v1")
    rt.follows.follow(ben, "ann")
    rt.store.append("reports-ben", [VideoReported(report_id="r1", video_id="v1", generation_id="g1", owner_id=ann,
                                                  reporter_id=ben, reason="other", note="odd")])
    rt.catch_up()
    Inbox(rt.store, rt.directory, visible=lambda user, videos, confirm=True: []).mark_seen(ann)
    rt.catch_up()
    before = _snapshot(rt)
    assert all(before.values())
    projector = next(p for p in rt.projectors if p.projection.name == "social.inbox")
    projector.rebuild()
    assert _snapshot(rt) == before
    assert_migrated_as_modelled(rt.store.engine, TABLES, "inbox_")


def test_a_page_ending_on_a_hidden_remix_still_leads_to_the_older_ones(runtime, inbox):
    ann, bob = join(runtime, "ann"), join(runtime, "bob")
    _requested(runtime, "g0", ann)
    _published(runtime, "g0", ann, "v0")  # oldest: video_ready
    for i in range(2):
        runtime.follows.follow(join(runtime, f"fan{i}"), "ann")
    _requested(runtime, "g1", bob, remix_of="v0")
    _published(runtime, "g1", bob, "v1")
    _posted(runtime, "g1", bob, "v1")  # hidden from her
    runtime.follows.follow(join(runtime, "fan9"), "ann")  # newest
    runtime.catch_up()
    pages, before = [], None
    while True:
        page = inbox.page(ann, before=before, limit=2)
        pages.append([n.kind for n in page.notifications])
        if page.next_before is None:
            break
        before = page.next_before
    assert pages == [["followed", "followed"], ["followed", "video_ready"]]
    with pytest.raises(InvalidInput):
        inbox.page(ann, before=2**63)


def test_a_page_reads_past_many_hidden_remixes_in_bounded_steps(runtime, inbox, reach):
    ann = join(runtime, "ann")
    _requested(runtime, "g0", ann)
    _published(runtime, "g0", ann, "v0")
    maker = join(runtime, "maker")
    for i in range(1, 31):  # thirty remixes, none reaching her
        _requested(runtime, f"g{i}", maker, remix_of="v0")
        _published(runtime, f"g{i}", maker, f"v{i}")
        _posted(runtime, f"g{i}", maker, f"v{i}", audience="followers")
    runtime.catch_up()
    first = inbox.page(ann, limit=2)  # 10 batches of 3 rows: 30 hidden rows, then it stops short
    assert first.notifications == [] and first.next_before is not None
    rest = inbox.page(ann, before=first.next_before, limit=2)
    assert [n.kind for n in rest.notifications] == ["video_ready"] and rest.next_before is None
    assert inbox.unread(ann) == 1
    inbox.mark_seen(ann)  # all she may read: the hidden remixes stay unread, for when they reach her
    runtime.catch_up()
    assert inbox.unread(ann) == 0
    _posted(runtime, "g7", maker, "v7")  # posted again, to everyone: told again, unread
    reach.add((ann, "v7"))
    runtime.catch_up()
    assert [(n.kind, n.video_id, n.detail, n.unread) for n in inbox.page(ann, limit=1).notifications] == [
        ("remixed", "v7", "everyone", True)]
    assert inbox.unread(ann) == 1
    _posted(runtime, "g7", maker, "v7")  # the same audience again: not news
    runtime.catch_up()
    assert inbox.unread(ann) == 1 and len(inbox.page(ann, limit=100).notifications) == 2


def test_every_kind_is_said_in_words():
    from datetime import UTC, datetime

    from social.inbox import KINDS, Notification, _words

    for kind in KINDS:
        row = Notification(user_id="u", position=1, kind=kind, at=datetime.now(UTC), detail="")
        assert _words(row, "ann") != "Something happened.", kind


def test_a_member_hears_whom_a_video_with_their_character_is_posted_to(runtime, inbox, reach):
    ann, ben = join(runtime, "ann"), join(runtime, "ben")
    _requested(runtime, "g1", ann, cast=(ann, ben))
    _published(runtime, "g1", ann, "v1")
    _posted(runtime, "g1", ann, "v1", audience="followers", cast=(ann, ben))
    _posted(runtime, "g1", ann, "v1", audience="followers", cast=(ann, ben))  # the same audience: not news
    runtime.catch_up()
    assert [(n.kind, n.text) for n in inbox.page(ben).notifications] == [
        ("cast_posted", "@ann posted a video with your character to their followers. You may take it down."),
        ("cast", "@ann made a video with your character. You may watch it, and take it down.")]
    inbox.mark_seen(ben)
    _posted(runtime, "g1", ann, "v1", audience="everyone", cast=(ann, ben))
    runtime.catch_up()
    assert [(n.kind, n.detail, n.unread) for n in inbox.page(ben).notifications] == [
        ("cast_posted", "everyone", True), ("cast", "", False)]
    # ben remixes it with himself in it: ann, its source's owner and in its cast, is told once
    _requested(runtime, "g2", ben, cast=(ann,), remix_of="v1")
    _published(runtime, "g2", ben, "v2")
    _posted(runtime, "g2", ben, "v2", cast=(ann,))
    reach.add((ann, "v2"))
    runtime.catch_up()
    assert [n.kind for n in inbox.page(ann).notifications][:3] == ["cast_posted", "cast", "video_ready"]


def test_a_member_mutes_what_they_may_and_unmuting_tells_it_again(runtime, inbox):
    ann, ben = join(runtime, "ann"), join(runtime, "ben")
    _requested(runtime, "g1", ann)
    _published(runtime, "g1", ann, "v1")
    runtime.follows.follow(ben, "ann")
    runtime.catch_up()
    assert inbox.settings(ann).muted == () and "followed" in inbox.settings(ann).mutable
    inbox.mute(ann, ["followed"])
    runtime.catch_up()
    assert [n.kind for n in inbox.page(ann).notifications] == ["video_ready"] and inbox.unread(ann) == 1
    inbox.mark_seen(ann)
    runtime.follows.follow(join(runtime, "cyd"), "ann")  # muted: not counted
    runtime.catch_up()
    assert inbox.unread(ann) == 0 and inbox.settings(ann).muted == ("followed",)
    for kinds, words in [(["cast"], "likeness"), (["removed"], "reviewers"), (["controls_set"], "guardianship"),
                         (["gossip"], "no kind of notification")]:
        with pytest.raises(InvalidInput, match=words):
            inbox.mute(ann, kinds)
    inbox.mute(ann, [])
    runtime.catch_up()
    assert [n.kind for n in inbox.page(ann).notifications] == ["followed", "followed", "video_ready"]
    assert inbox.unread(ann) == 2  # muted, they were never read: both follows
