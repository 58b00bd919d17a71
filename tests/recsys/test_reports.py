"""Reports of posted videos and their review, on the real chain (tiny model), the real feed and
the real review desk: who may report what, holds, what a reviewer reads, and what a decision
does to the post, the feed and the reporters' reports."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from events.feed import SYSTEM, VideoUnposted, post_stream
from events.review import VideoReported, reports_stream
from generation.jobs import VideoNotFound
from recsys.errors import NotPostable
from safety.review import (
    AlreadyDecided,
    AlreadyReported,
    InvalidReview,
    NotAReviewer,
    NotReportable,
    OwnReport,
    RemovalNotAppealable,
    ReportNotFound,
    TooManyReports,
    VideoUnknown,
)
from safety.review import reports as reports_module
from tests.recsys.feed_fixtures import members, post, publish

BALL = "a red basketball bounces in a gym"


@pytest.fixture
def people(runtime):  # noqa: ANN001, ANN201
    """alice posts; bob, carol, dave and erin watch; rita and sam are reviewers (sam the second,
    for appeals of rita's removals)."""
    handles = ("alice", "bob", "carol", "dave", "erin", "rita", "sam")
    ids = dict(zip(handles, members(runtime, *handles), strict=True))
    runtime.reviews.appoint("rita")
    runtime.reviews.appoint("sam")
    runtime.catch_up()
    return ids


def _posted(runtime, owner: str, prompt: str = BALL) -> str:  # noqa: ANN001
    video = publish(runtime, owner, prompt)
    post(runtime, owner, video)
    return video


def _report(runtime, reporter: str, video: str, reason: str = "hate", note: str = ""):  # noqa: ANN001, ANN202
    view = runtime.reports.report(reporter, video, reason, note)
    runtime.catch_up()
    return view


def _feed(runtime, viewer: str) -> list[str]:  # noqa: ANN001
    return [item.video_id for item in runtime.feed.page(viewer).items]


def test_a_member_reports_a_video_they_were_shown_once(runtime, people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    video = publish(runtime, alice, BALL)
    with pytest.raises(VideoUnknown):  # not posted yet: bob cannot see it
        runtime.reports.report(bob, video, "hate")
    post(runtime, alice, video)
    with pytest.raises(NotReportable, match="your own"):
        runtime.reports.report(alice, video, "spam")
    for reason, note, words in [("nonsense", "", "reason is one of"), ("other", "  ", "says in its note"),
                                ("hate", "x" * 1001, "at most 1000"), ("hate", "a\u202eb", "reorder")]:
        with pytest.raises(InvalidReview, match=words):
            runtime.reports.report(bob, video, reason, note)
    with pytest.raises(VideoUnknown):
        runtime.reports.report(bob, "not-a-video", "hate")
    view = _report(runtime, bob, video, "hate", "  mocks people who look like me ")
    assert view.status == "open" and view.reason == "hate" and view.note == "mocks people who look like me"
    with pytest.raises(AlreadyReported) as again:
        runtime.reports.report(bob, video, "spam")
    assert again.value.report_id == view.report_id
    assert [r.report_id for r in runtime.reports.reports(bob)] == [view.report_id]
    assert runtime.reports.report_of(bob, view.report_id).note == "mocks people who look like me"
    with pytest.raises(ReportNotFound):  # not carol's
        runtime.reports.report_of(carol, view.report_id)
    # the note is sealed under bob's key in the log
    recorded = runtime.store.read_stream(reports_stream(bob))[0].event
    assert isinstance(recorded, VideoReported) and recorded.owner_id == alice
    with runtime.store.engine.connect() as conn:
        raw = conn.execute(text("SELECT data FROM events WHERE stream_id = :s"), {"s": reports_stream(bob)}).scalar()
    assert "mocks people" not in str(raw)


def test_a_reporter_no_longer_finds_it_in_their_feed_and_one_report_holds_nothing(runtime, people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    video = _posted(runtime, alice)
    _report(runtime, bob, video)
    assert _feed(runtime, bob) == []
    assert _feed(runtime, carol) == [video]
    assert runtime.generations.video(bob, video).video_id == video  # still theirs to watch again


def test_reports_from_three_members_hold_a_video_until_a_reviewer_keeps_it(runtime, people):
    alice, bob, carol, dave, erin, rita = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita"))
    video = _posted(runtime, alice)
    _report(runtime, bob, video, "hate", "slur in the caption")
    _report(runtime, carol, video, "spam")
    assert runtime.posts.may_see(erin, video) and runtime.posts.may_remix(erin, video)
    _report(runtime, dave, video, "hate")
    assert not runtime.posts.may_see(erin, video) and _feed(runtime, erin) == []
    assert not runtime.posts.may_remix(erin, video)  # nor remixed while held
    with pytest.raises(AlreadyReported):  # held, and still theirs: said so, not "no such video"
        runtime.reports.report(dave, video, "spam")
    with pytest.raises(VideoNotFound):
        runtime.generations.video(erin, video)
    assert runtime.generations.video(alice, video).video_id == video  # its owner still sees it
    case = runtime.reports.case(rita, video)
    assert case.status == "open" and case.held and case.posted and case.audience == "everyone"
    assert case.reasons == {"hate": 2, "spam": 1} and case.prompt == BALL
    assert sorted(item.note for item in case.reports) == ["", "", "slur in the caption"]
    assert not hasattr(case.reports[0], "reporter_id")
    assert runtime.generations.video(rita, video).video_id == video  # a reviewer may watch it
    decided = runtime.reports.decide(rita, video, "keep")
    assert decided.status == "kept" and decided.decided_by == "rita" and not decided.held
    runtime.catch_up()
    assert runtime.posts.may_see(erin, video) and _feed(runtime, erin) == [video]
    assert {r.status for who in (bob, carol, dave) for r in runtime.reports.reports(who)} == {"kept"}
    with pytest.raises(AlreadyDecided):
        runtime.reports.decide(rita, video, "remove")
    assert runtime.reports.queue(rita) == []
    assert [c.video_id for c in runtime.reports.queue(rita, status="decided")] == [video]
    # a new report after the decision opens the video again, with only that report
    _report(runtime, erin, video, "violent_threats")
    again = runtime.reports.case(rita, video)
    assert again.status == "open" and again.reasons == {"violent_threats": 1} and not again.held


def test_one_report_for_a_minors_safety_holds_at_once_and_comes_first(runtime, people):
    alice, bob, carol, erin, rita = (people[k] for k in ("alice", "bob", "carol", "erin", "rita"))
    first = _posted(runtime, alice)
    second = _posted(runtime, alice, "a blue beach ball floats in a pool")
    _report(runtime, bob, first, "spam")
    _report(runtime, carol, second, "sexual_minors", "a child in it")
    assert runtime.posts.may_see(erin, first) and not runtime.posts.may_see(erin, second)
    assert [c.video_id for c in runtime.reports.queue(rita)] == [second, first]


def test_a_removal_takes_the_post_down_for_good_and_tells_the_owner_why(runtime, people):
    alice, bob, carol, rita = (people[k] for k in ("alice", "bob", "carol", "rita"))
    video = _posted(runtime, alice)
    report = _report(runtime, bob, video, "graphic_violence")
    decided = runtime.reports.decide(rita, video, "remove", note="the crash is too graphic")
    assert decided.status == "removed" and decided.category == "graphic_violence"
    assert decided.answer == "the crash is too graphic" and not decided.posted
    runtime.catch_up()
    last = runtime.store.read_stream(post_stream(video))[-1].event
    assert isinstance(last, VideoUnposted) and last.reason == "removed by a reviewer"
    assert runtime.posts.post_of(video) is None and runtime.feed_index.get([video]) == {}
    assert _feed(runtime, carol) == []
    with pytest.raises(VideoNotFound):
        runtime.generations.video(carol, video)
    with pytest.raises(NotPostable, match="a reviewer removed this video .*graphic violence.*too graphic"):
        runtime.posts.post(alice, video)
    assert runtime.reports.report_of(bob, report.report_id).status == "removed"
    assert runtime.reports.case(rita, video).status == "removed"  # the decided case stays readable
    with pytest.raises(VideoNotFound):  # the video, watched while something waited, no more
        runtime.generations.video(rita, video)


def test_a_reviewer_leaves_their_own_and_what_they_reported_to_others(runtime, people):
    alice, bob, rita = people["alice"], people["bob"], people["rita"]
    hers = _posted(runtime, rita)
    _report(runtime, bob, hers)
    reported = _posted(runtime, alice)
    _report(runtime, rita, reported)
    assert runtime.reports.queue(rita) == []
    for video in (hers, reported):  # as if there were none: a reviewer never learns their video was reported
        with pytest.raises(ReportNotFound):
            runtime.reports.case(rita, video)
        with pytest.raises(ReportNotFound):
            runtime.reports.decide(rita, video, "remove")
        assert not runtime.reports.may_review(rita, video)
    with pytest.raises(NotAReviewer):
        runtime.reports.queue(bob)
    with pytest.raises(NotAReviewer):
        runtime.reports.decide(bob, reported, "keep")
    with pytest.raises(VideoNotFound):  # bob is no reviewer: a video posted to no one stays unseen
        runtime.generations.video(bob, publish(runtime, alice, "a blue beach ball floats in a pool"))
    for decision, category, words in [("ban", None, "decision is"), ("keep", "spam", "only `remove` takes one"),
                                      ("remove", "rude", "category is one of")]:
        with pytest.raises(InvalidReview, match=words):
            runtime.reports.decide(people["rita"], reported, decision, category)


def test_reports_go_with_their_reporters_account_and_are_withdrawn_with_the_video(runtime, people):
    alice, bob, carol, rita = (people[k] for k in ("alice", "bob", "carol", "rita"))
    video = _posted(runtime, alice)
    _report(runtime, bob, video, "hate", "a private note")
    _report(runtime, carol, video, "spam")
    runtime.accounts.delete_account(bob)
    runtime.catch_up()
    assert runtime.reports.case(rita, video).reasons == {"spam": 1}
    runtime.generations.delete_video(alice, video)
    runtime.catch_up()
    assert runtime.reports.queue(rita) == []
    assert [r.status for r in runtime.reports.reports(carol)] == ["withdrawn"]
    with pytest.raises(AlreadyDecided):
        runtime.reports.decide(rita, video, "remove")


def test_the_daily_limit_of_reports(runtime, people, clock, monkeypatch):
    monkeypatch.setattr(reports_module, "REPORTS_PER_DAY", 2)
    alice, bob = people["alice"], people["bob"]
    videos = [_posted(runtime, alice, prompt) for prompt in
              (BALL, "a blue beach ball floats in a pool", "a yellow tennis ball bounces on the court")]
    _report(runtime, bob, videos[0])
    _report(runtime, bob, videos[1])
    with pytest.raises(TooManyReports) as refused:
        runtime.reports.report(bob, videos[2], "spam")
    assert 0 < refused.value.retry_after_s <= 24 * 3600
    clock.advance(days=1)
    assert _report(runtime, bob, videos[2]).status == "open"


def test_the_owner_appeals_a_removal_once_and_another_reviewer_restores_it(runtime, people):
    alice, bob, carol, rita, sam = (people[k] for k in ("alice", "bob", "carol", "rita", "sam"))
    video = _posted(runtime, alice)
    with pytest.raises(RemovalNotAppealable, match="no reviewer.s removal"):
        runtime.reports.appeal_removal(alice, video, "why?")
    assert runtime.reports.removal(alice, video) is None
    _report(runtime, bob, video, "dangerous")
    runtime.reports.decide(rita, video, "remove", note="a stunt others may copy")
    removal = runtime.reports.removal(alice, video)
    assert removal.category == "dangerous" and removal.note == "a stunt others may copy" and removal.appealable
    with pytest.raises(VideoUnknown):
        runtime.reports.removal(bob, video)
    with pytest.raises(VideoUnknown):
        runtime.reports.appeal_removal(bob, video)
    appealed = runtime.reports.appeal_removal(alice, video, "it is a ball bouncing in a gym")
    runtime.catch_up()
    assert appealed.appeal == "pending" and not appealed.appealable
    with pytest.raises(RemovalNotAppealable, match="appealed already"):
        runtime.reports.appeal_removal(alice, video)
    case = runtime.reports.case(rita, video)
    assert case.status == "appealed" and case.appeal == "it is a ball bouncing in a gym"
    assert case.category == "dangerous" and case.reasons == {"dangerous": 1}
    with pytest.raises(OwnReport, match="another reviewer"):
        runtime.reports.decide(rita, video, "restore")
    assert [c.video_id for c in runtime.reports.queue(sam)] == [video]
    with pytest.raises(AlreadyDecided):  # no report waits: only the appeal does
        runtime.reports.decide(sam, video, "keep")
    restored = runtime.reports.decide(sam, video, "restore", note="nothing dangerous in it")
    assert restored.status == "restored" and restored.decided_by == "sam" and restored.answer == "nothing dangerous in it"
    runtime.catch_up()
    after = runtime.reports.removal(alice, video)
    assert not after.in_force and after.appeal == "restored" and after.answer == "nothing dangerous in it"
    assert not after.appealable
    assert runtime.reports.reports(bob)[0].status == "restored"
    post(runtime, alice, video)
    assert runtime.posts.may_see(carol, video)
    with pytest.raises(AlreadyDecided):
        runtime.reports.decide(sam, video, "uphold")


def test_an_upheld_removal_stands_and_is_not_appealed_again(runtime, people):
    alice, bob, rita, sam = (people[k] for k in ("alice", "bob", "rita", "sam"))
    video = _posted(runtime, alice)
    _report(runtime, bob, video, "hate")
    runtime.reports.decide(rita, video, "remove")
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    assert runtime.reports.decide(sam, video, "uphold", note="the words are a slur").status == "removed"
    runtime.catch_up()
    removal = runtime.reports.removal(alice, video)
    assert removal.appeal == "upheld" and removal.answer == "the words are a slur" and not removal.appealable
    with pytest.raises(NotPostable):
        runtime.posts.post(alice, video)
    assert runtime.reports.reports(bob)[0].status == "removed"
    assert runtime.reports.queue(sam) == []


def test_a_member_whose_urgent_reports_were_unfounded_twice_holds_nothing_at_once(runtime, people):
    alice, bob, erin, rita = people["alice"], people["bob"], people["erin"], people["rita"]
    videos = [_posted(runtime, alice, prompt) for prompt in
              (BALL, "a blue beach ball floats in a pool", "a yellow tennis ball bounces on the court")]
    for video in videos[:2]:
        _report(runtime, bob, video, "sexual_minors")
        assert not runtime.posts.may_see(erin, video)  # held at once
        runtime.reports.decide(rita, video, "keep")
        runtime.catch_up()
        assert runtime.posts.may_see(erin, video)
    _report(runtime, bob, videos[2], "sexual_minors")
    assert runtime.posts.may_see(erin, videos[2])  # bob's third such report reaches the reviewers, holds nothing
    case = runtime.reports.case(rita, videos[2])
    assert case.status == "open" and not case.held
    assert [c.video_id for c in runtime.reports.queue(rita)] == [videos[2]]


def test_a_pending_appeal_is_decided_first_and_survives_its_reporters_leaving(runtime, people):
    alice, bob, carol, rita, sam = (people[k] for k in ("alice", "bob", "carol", "rita", "sam"))
    video = _posted(runtime, alice)
    _report(runtime, bob, video, "spam")
    runtime.reports.decide(rita, video, "remove")
    runtime.reports.appeal_removal(alice, video, "no ads")
    runtime.accounts.delete_account(bob)  # the only reporter leaves: the appeal is still decided
    runtime.catch_up()
    assert not runtime.reports.may_review(carol, video)  # not a reviewer
    assert runtime.reports.may_review(sam, video)
    case = runtime.reports.case(sam, video)
    assert case.status == "appealed" and case.reasons == {"spam": 1} and case.reports[0].note == ""
    with pytest.raises(AlreadyDecided, match="decide it first"):
        runtime.reports.decide(sam, video, "remove")
    assert runtime.reports.decide(sam, video, "restore").status == "restored"
    runtime.catch_up()
    assert not runtime.reports.may_review(sam, video)  # nothing waits: reviewers watch it no more


def test_a_decided_video_is_not_watched_by_reviewers_and_keep_tells_no_one(runtime, people):
    alice, bob, rita = people["alice"], people["bob"], people["rita"]
    video = _posted(runtime, alice)
    _report(runtime, bob, video)
    with pytest.raises(InvalidReview, match="tells no one"):
        runtime.reports.decide(rita, video, "keep", note="fine by me")
    runtime.reports.decide(rita, video, "keep")
    runtime.posts.unpost(alice, video)
    runtime.catch_up()
    with pytest.raises(VideoNotFound):
        runtime.generations.video(rita, video)
    with pytest.raises(VideoUnknown):  # nor reported by one who could watch it as a reviewer only
        runtime.reports.report(rita, video, "spam")


def test_a_removal_decided_as_its_only_reporter_left_can_still_be_appealed(runtime, people):
    alice, bob, rita, sam = (people[k] for k in ("alice", "bob", "rita", "sam"))
    video = _posted(runtime, alice)
    _report(runtime, bob, video, "spam")
    runtime.accounts.delete_account(bob)  # not yet projected when rita decides: she read his open report
    runtime.reports.decide(rita, video, "remove")
    runtime.catch_up()
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    assert [c.video_id for c in runtime.reports.queue(sam)] == [video]
    assert runtime.reports.case(sam, video).status == "appealed"


def _remix(runtime, who: str, source: str) -> str:  # noqa: ANN001
    from generation.jobs import GenerationOrder

    gid = runtime.generations.request(who, GenerationOrder(prompt="make it night", remix_of=source))
    runtime.chain.run(gid)
    runtime.catch_up()
    return runtime.generations.generation(who, gid).video_id


def test_a_removal_holds_the_remixes_of_the_removed_video_until_a_reviewer_looks(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video = _posted(runtime, alice)
    posted, unposted = _remix(runtime, bob, video), _remix(runtime, carol, video)
    post(runtime, bob, posted)
    assert runtime.posts.may_see(erin, posted)
    _report(runtime, dave, video, "graphic_violence", "gore")
    runtime.reports.decide(rita, video, "remove")
    runtime.catch_up()
    # bob's posted remix is held at once (he and the reviewers still see it); carol's, unposted, is not reported
    assert not runtime.posts.may_see(erin, posted) and runtime.posts.may_see(bob, posted)
    assert posted not in _feed(runtime, erin)
    case = runtime.reports.case(sam, posted)
    assert case.status == "open" and case.held and case.reasons == {"graphic_violence": 1}
    assert ("removed the video this remixes, or one that video remixes in turn (graphic violence or gore)"
            in case.reports[0].note)
    assert [c.video_id for c in runtime.reports.queue(sam)] == [posted]
    # carol posts hers while the removal stands: held with its post
    post(runtime, carol, unposted)
    assert not runtime.posts.may_see(erin, unposted) and runtime.reports.case(sam, unposted).held
    # a reviewer keeps bob's: seen again, and posting it again does not hold it again
    runtime.reports.decide(sam, posted, "keep")
    runtime.catch_up()
    assert runtime.posts.may_see(erin, posted)
    runtime.posts.unpost(bob, posted)
    post(runtime, bob, posted, "followers")
    post(runtime, bob, posted, "everyone")
    assert runtime.posts.may_see(erin, posted) and runtime.reports.queue(sam) != []
    assert [c.video_id for c in runtime.reports.queue(sam)] == [unposted]
    # alice appeals, sam restores her video: carol's remix is released with it
    runtime.reports.appeal_removal(alice, video, "it is a film effect")
    runtime.reports.decide(sam, video, "restore", note="a film effect, fine")
    runtime.catch_up()
    assert runtime.posts.may_see(erin, unposted)
    assert [c.video_id for c in runtime.reports.queue(sam)] == []
    assert runtime.inbox.page(alice).notifications[0].kind == "removal_decided"
    assert runtime.inbox.page(SYSTEM).notifications == []  # the service's reports tell it nothing


def _before_next_append(runtime, monkeypatch, action) -> None:  # noqa: ANN001
    """Run `action` once, just before the next append commits (another request at that moment)."""
    real = runtime.store.append_many
    pending = [action]

    def append_many(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if pending:
            pending.pop()()
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", append_many)


def _posted_as(runtime, monkeypatch, who: str, source: str, decision) -> str:  # noqa: ANN001
    """A remix of `source` by `who`, made while no read model knows of it yet, and posted the
    moment `decision` (a reviewer's) commits; its video id."""
    from generation.jobs import GenerationOrder

    gid = runtime.generations.request(who, GenerationOrder(prompt="make it night", remix_of=source))
    runtime.chain.run(gid)
    made = []

    def post_it() -> None:
        runtime.catch_up()
        made.append(runtime.generations.generation(who, gid).video_id)
        post(runtime, who, made[0])

    _before_next_append(runtime, monkeypatch, post_it)
    decision()  # decides again, with the post
    monkeypatch.undo()
    runtime.catch_up()
    return made[0]


def test_a_remix_posted_or_deleted_as_its_source_is_removed_or_restored_is_decided_once(runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video = _posted(runtime, alice)
    doomed = _remix(runtime, bob, video)
    _report(runtime, dave, video, "graphic_violence")
    remix = _posted_as(runtime, monkeypatch, carol, video, lambda: runtime.reports.decide(rita, video, "remove"))
    assert not runtime.posts.may_see(erin, remix) and runtime.reports.case(sam, remix).held
    # alice appeals; carol posts hers again the moment sam restores: the restoration still releases it
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    _before_next_append(runtime, monkeypatch, lambda: runtime.posts.post(carol, remix, "everyone"))
    runtime.reports.decide(sam, video, "restore")
    monkeypatch.undo()
    runtime.catch_up()
    assert runtime.posts.may_see(erin, remix) and runtime.reports.queue(sam) == []
    # removed again: bob deletes his posted remix, and carol unposts and posts hers, before anything is projected
    post(runtime, alice, video)  # restored: hers to post again
    post(runtime, bob, doomed)
    _report(runtime, erin, video, "graphic_violence")
    runtime.generations.delete_video(bob, doomed)
    runtime.reports.decide(rita, video, "remove")
    runtime.posts.unpost(carol, remix)
    runtime.posts.post(carol, remix, "everyone")
    runtime.catch_up()
    backlog = reports_module.backlog(runtime.store.engine)
    assert (backlog.videos, backlog.reports, backlog.held) == (1, 1, 1)  # carol's remix, reported once
    case = runtime.reports.case(sam, remix)
    assert case.held and case.reasons == {"graphic_violence": 1}


def _three_posted(runtime, owner: str, remixer: str, again: str) -> tuple[str, str, str]:  # noqa: ANN001
    """The owner's posted video, the remixer's posted remix of it, and another member's posted
    remix of that remix (whose posting is recorded on the first remix's moderation stream)."""
    video = _posted(runtime, owner)
    remix = _remix(runtime, remixer, video)
    post(runtime, remixer, remix)
    last = _remix(runtime, again, remix)
    post(runtime, again, last)
    return video, remix, last


def test_a_removal_holds_the_remixes_of_its_remixes_until_each_is_looked_at_or_it_is_restored(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video, remix, again = _three_posted(runtime, alice, bob, carol)
    third = _remix(runtime, dave, again)  # made, not yet posted
    _report(runtime, erin, video, "hate")
    runtime.reports.decide(rita, video, "remove")
    runtime.catch_up()
    assert not runtime.posts.may_see(erin, remix) and not runtime.posts.may_see(erin, again)
    assert "or one that video remixes in turn (hate or harassment)" in runtime.reports.case(sam, again).reports[0].note
    # posted while the removal two remixes up stands: held with its post
    post(runtime, dave, third)
    assert not runtime.posts.may_see(erin, third) and runtime.reports.case(sam, third).held
    # a reviewer keeps the first remix: what remixes it stays held until looked at itself
    runtime.reports.decide(sam, remix, "keep")
    runtime.catch_up()
    assert runtime.posts.may_see(erin, remix) and not runtime.posts.may_see(erin, again)
    # the second is removed, then restored on appeal while the first removal stands: the third stays held
    runtime.reports.decide(sam, again, "remove")
    runtime.reports.appeal_removal(carol, again)
    runtime.catch_up()
    runtime.reports.decide(rita, again, "restore")
    post(runtime, carol, again)
    runtime.catch_up()
    assert runtime.posts.may_see(erin, again) and not runtime.posts.may_see(erin, third)
    # the first removal is restored: all of it is released
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    runtime.reports.decide(sam, video, "restore")
    runtime.catch_up()
    assert runtime.posts.may_see(erin, third) and runtime.reports.queue(sam) == []


def test_a_restoration_leaves_held_what_another_removal_below_it_holds(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video, remix, again = _three_posted(runtime, alice, bob, carol)
    _report(runtime, dave, video, "hate")
    runtime.reports.decide(rita, video, "remove")
    runtime.catch_up()
    runtime.reports.decide(sam, remix, "remove")  # its own removal holds what remixes it too
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    runtime.reports.decide(sam, video, "restore")
    runtime.catch_up()
    assert not runtime.posts.may_see(erin, again) and runtime.reports.case(rita, again).held
    runtime.reports.appeal_removal(bob, remix)
    runtime.catch_up()
    runtime.reports.decide(rita, remix, "restore")
    runtime.catch_up()
    assert runtime.posts.may_see(erin, again) and runtime.reports.queue(rita) == []


def test_a_remix_of_a_remix_posted_as_the_first_source_is_removed_is_held(runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    post(runtime, bob, remix)
    _report(runtime, dave, video, "hate")
    again = _posted_as(runtime, monkeypatch, carol, remix, lambda: runtime.reports.decide(rita, video, "remove"))
    assert not runtime.posts.may_see(erin, again) and runtime.reports.case(sam, again).held


def test_a_remix_through_one_never_posted_is_held_and_released_by_the_lineage_in_the_log(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "erin", "rita",
                                                                   "sam"))
    video = _posted(runtime, alice)
    middle = _remix(runtime, bob, video)  # bob's remix, never posted: no post stream names its generation
    remix = _remix(runtime, bob, middle)
    post(runtime, bob, remix)
    _report(runtime, dave, video, "hate")
    runtime.reports.decide(rita, video, "remove")  # holds his remix, through the unposted one
    runtime.catch_up()
    assert not runtime.posts.may_see(erin, remix)
    late = _remix(runtime, bob, middle)  # posted while the removal two up stands: held with its post
    post(runtime, bob, late)
    assert not runtime.posts.may_see(erin, late)
    runtime.reports.decide(sam, remix, "keep")  # a reviewer keeps his: carol may remix it
    runtime.catch_up()
    leaf = _remix(runtime, carol, remix)
    post(runtime, carol, leaf)
    assert not runtime.posts.may_see(erin, leaf)
    # his remix removed and restored on appeal while alice's removal stands: carol's stays held
    _report(runtime, dave, remix, "spam")
    runtime.reports.decide(sam, remix, "remove")
    runtime.reports.appeal_removal(bob, remix)
    runtime.catch_up()
    runtime.reports.decide(rita, remix, "restore")
    runtime.catch_up()
    assert not runtime.posts.may_see(erin, leaf)


def test_a_held_remix_posted_again_is_not_reported_again(runtime, people):
    alice, bob, carol, dave, rita, sam = (people[k] for k in ("alice", "bob", "carol", "dave", "rita", "sam"))
    video, remix, leaf = _three_posted(runtime, alice, bob, carol)
    _report(runtime, dave, remix, "hate")
    runtime.reports.decide(rita, remix, "remove")  # carol's held, one report
    _report(runtime, dave, video, "spam")
    runtime.reports.decide(rita, video, "remove")  # hers waits already: none more
    runtime.catch_up()
    runtime.posts.post(carol, leaf, "followers")  # another audience while held
    runtime.catch_up()
    assert [r.reason for r in runtime.reports.case(sam, leaf).reports] == ["hate"]
