"""Remix holds after the decision (safety.review.holds.RemixHolds), on the real chain (tiny
model), the real feed and review desk, on SQLite and PostgreSQL: a removal appends only the
video's own streams and the manager holds its remix tree; each remix is held once, and each
SYSTEM report dismissed once, whatever commits first (a post, a deletion, a keep, a
restoration, another removal) and however often the manager runs, dies or replays."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import update

from events import RecordedEvent
from events.feed import SYSTEM
from events.review import PostRemoved, RemovalDecided, ReportsDismissed, holds_stream, moderation_stream
from events.schema import checkpoints_table
from generation.jobs import GenerationOrder
from safety.review.holds import RemixHolds, remix_holds_after
from safety.review.reports import held_among
from tests.fixtures_db import BACKENDS, fresh_postgres_database
from tests.jobs.conftest import clock, generator, text_encoder  # noqa: F401 - fixtures
from tests.recsys.feed_fixtures import feed_runtime, members, post, publish

BALL = "a red basketball bounces in a gym"


@pytest.fixture(params=BACKENDS)
def runtime(request, tmp_path, clock, generator):  # noqa: F811
    if request.param == "sqlite":
        rt = feed_runtime(tmp_path, clock, generator)
        yield rt
        rt.close()
        return
    with fresh_postgres_database() as url:
        rt = feed_runtime(tmp_path, clock, generator, url=url)
        try:
            yield rt
        finally:
            rt.close()


@pytest.fixture
def people(runtime):  # noqa: ANN001, ANN201
    """alice posts; bob, carol and dave remix; erin watches; rita and sam are reviewers."""
    handles = ("alice", "bob", "carol", "dave", "erin", "rita", "sam")
    ids = dict(zip(handles, members(runtime, *handles), strict=True))
    runtime.reviews.appoint("rita")
    runtime.reviews.appoint("sam")
    runtime.catch_up()
    return ids


def _posted(runtime, owner: str) -> str:  # noqa: ANN001
    video = publish(runtime, owner, BALL)
    post(runtime, owner, video)
    return video


def _remix(runtime, who: str, source: str, *, posted: bool = True) -> str:  # noqa: ANN001
    gid = runtime.generations.request(who, GenerationOrder(prompt="make it night", remix_of=source))
    runtime.chain.run(gid)
    runtime.catch_up()
    video = runtime.generations.generation(who, gid).video_id
    if posted:
        post(runtime, who, video)
    return video


def _removed(runtime, reporter: str, reviewer: str, video: str, reason: str = "hate") -> None:  # noqa: ANN001
    """`reporter` reports the video and `reviewer` removes it (the manager not run: the caller's)."""
    runtime.reports.report(reporter, video, reason)
    for projector in runtime.projectors:
        projector.catch_up()
    runtime.reports.decide(reviewer, video, "remove")


def _system_reports(runtime, video: str) -> list[RecordedEvent]:  # noqa: ANN001
    return runtime.store.read_stream(holds_stream(video))


def _dismissals(runtime, video: str) -> list[RecordedEvent]:  # noqa: ANN001
    return [r for r in runtime.store.read_stream(moderation_stream(video)) if isinstance(r.event, ReportsDismissed)]


def _held(runtime, video: str) -> bool:  # noqa: ANN001
    return video in held_among(runtime.store.engine, [video])


@contextmanager
def _manager_held_back(runtime) -> Iterator[None]:  # noqa: ANN001
    """The runtime's catch-up leaves the remix holds alone meanwhile (a manager behind the log)."""
    runtime.remix_holds.catch_up = lambda: 0
    try:
        yield
    finally:
        del runtime.remix_holds.catch_up


def _before_next_append(runtime, monkeypatch, action: Callable[[], object]) -> None:  # noqa: ANN001
    """Run `action` once, just before the next append commits (another request at that moment)."""
    real = runtime.store.append_many
    pending = [action]

    def append_many(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if pending:
            pending.pop()()
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", append_many)


def _last(runtime, video: str, kind: type) -> RecordedEvent:  # noqa: ANN001
    return [r for r in runtime.store.read_stream(moderation_stream(video)) if isinstance(r.event, kind)][-1]


def test_a_removal_appends_only_its_own_streams_and_the_manager_holds_the_tree(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    again = _remix(runtime, carol, remix)
    unposted = _remix(runtime, dave, remix, posted=False)
    told = {who: runtime.inbox.page(who).notifications for who in (bob, carol)}
    runtime.reports.report(erin, video, "hate")
    runtime.catch_up()
    with _manager_held_back(runtime):
        head = runtime.store.last_position()
        runtime.reports.decide(rita, video, "remove")
        decided = runtime.store.read_all(head)
        runtime.catch_up()
        assert {r.stream_id for r in decided} == {moderation_stream(video), f"post-{video}"}
        assert runtime.posts.may_see(erin, remix)  # held only once the manager follows the removal
    assert runtime.remix_holds.catch_up() == 2
    for projector in runtime.projectors:
        projector.catch_up()
    assert _held(runtime, remix) and _held(runtime, again) and not runtime.posts.may_see(erin, again)
    assert [len(_system_reports(runtime, v)) for v in (remix, again, unposted)] == [1, 1, 0]
    assert runtime.reports.case(sam, again).reasons == {"hate": 1}
    # their owners are told nothing of the hold (as before), the service nothing at all; bob's
    # news of carol's remix of his is shown only while it reaches him: not while held
    for who in (bob, carol):
        known = {n.id for n in told[who]}
        assert [n for n in runtime.inbox.page(who).notifications if n.id not in known] == []
    assert [n.kind for n in told[bob]] == ["remixed", "video_ready"]
    assert [n.kind for n in runtime.inbox.page(bob).notifications] == ["video_ready"]
    assert runtime.inbox.page(SYSTEM).notifications == []
    # a second run finds nothing more to do, and leaves its checkpoint at the head
    assert runtime.remix_holds.catch_up() == 0
    assert runtime.remix_holds.checkpoint() == runtime.store.last_position()


def test_following_the_same_removal_again_or_from_position_zero_holds_nothing_twice(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    again = _remix(runtime, carol, remix)
    _removed(runtime, erin, rita, video)
    runtime.catch_up()
    removal = _last(runtime, video, PostRemoved)
    assert runtime.remix_holds.follow(removal) == 0
    runtime.reports.decide(sam, remix, "keep")  # a reviewer looked at bob's since: not held for it again
    runtime.catch_up()
    with runtime.store.engine.begin() as conn:  # as if the checkpoint were lost
        conn.execute(update(checkpoints_table).where(checkpoints_table.c.name == RemixHolds.name).values(position=0))
    assert runtime.remix_holds.catch_up() == 0
    assert [len(_system_reports(runtime, v)) for v in (remix, again)] == [1, 1]
    assert runtime.posts.may_see(erin, remix) and not runtime.posts.may_see(erin, again)
    # a restoration followed twice dismisses once
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    runtime.reports.decide(sam, video, "restore")
    runtime.catch_up()
    restored = _last(runtime, video, RemovalDecided)
    assert runtime.remix_holds.follow(restored) == 0
    assert [d.metadata.causation_id for d in _dismissals(runtime, again)] == [restored.metadata.event_id]
    assert [d.metadata.causation_id for d in _dismissals(runtime, remix)] == [None]  # sam's keep only
    assert runtime.posts.may_see(erin, again)


def test_a_manager_that_dies_midway_resumes_from_its_checkpoint_and_holds_each_remix_once(runtime, people,
                                                                                         monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remixes = [_remix(runtime, who, video) for who in (bob, carol, dave)]
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.catch_up()
    before = runtime.remix_holds.checkpoint()
    real, calls = runtime.store.append_many, []

    def dies_after_one(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("the process died")
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", dies_after_one)
    with pytest.raises(RuntimeError):
        runtime.remix_holds.run_once()
    monkeypatch.undo()
    assert runtime.remix_holds.checkpoint() == before
    assert sum(len(_system_reports(runtime, v)) for v in remixes) == 1
    resumed = remix_holds_after(runtime.store, runtime.projectors)  # another process, from the checkpoint
    assert resumed.catch_up() == 2
    runtime.catch_up()
    assert [len(_system_reports(runtime, v)) for v in remixes] == [1, 1, 1]
    assert all(_held(runtime, v) for v in remixes)


def test_a_remix_posted_as_its_source_is_removed_is_held_once_whichever_commits_first(runtime, people,
                                                                                     monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    first, second = _remix(runtime, bob, video, posted=False), _remix(runtime, carol, video, posted=False)
    runtime.reports.report(erin, video, "hate")
    runtime.catch_up()
    with _manager_held_back(runtime):
        # bob's post commits first: the removal reads again, and the manager finds his RemixPosted before it
        _before_next_append(runtime, monkeypatch, lambda: runtime.posts.post(bob, first))
        runtime.reports.decide(rita, video, "remove")
        monkeypatch.undo()
        # carol's commits after the removal, before the manager follows it: her post holds it
        runtime.posts.post(carol, second)
        runtime.catch_up()
        assert len(_system_reports(runtime, second)) == 1 and _system_reports(runtime, first) == []
    assert runtime.remix_holds.catch_up() == 1
    runtime.catch_up()
    assert [len(_system_reports(runtime, v)) for v in (first, second)] == [1, 1]
    assert _held(runtime, first) and _held(runtime, second)


def test_a_remix_posted_again_as_the_manager_holds_it_is_held_once(runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.catch_up()

    def posted_again() -> None:  # its post sees the removal and holds it: the manager's append reads again
        runtime.posts.unpost(bob, remix)
        runtime.posts.post(bob, remix, "followers")

    _before_next_append(runtime, monkeypatch, posted_again)
    assert runtime.remix_holds.catch_up() == 0
    monkeypatch.undo()
    runtime.catch_up()
    assert len(_system_reports(runtime, remix)) == 1 and _held(runtime, remix)


def test_a_removal_restored_before_the_manager_follows_it_holds_nothing_and_one_replaced_holds_once(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.reports.appeal_removal(alice, video)
        runtime.catch_up()
        runtime.reports.decide(sam, video, "restore")
        runtime.catch_up()
    assert runtime.remix_holds.catch_up() == 0
    assert _system_reports(runtime, remix) == [] and runtime.posts.may_see(erin, remix)
    # removed again, and appealed, restored and removed once more, all before the manager follows
    with _manager_held_back(runtime):
        post(runtime, alice, video)
        _removed(runtime, dave, rita, video, "spam")
        runtime.reports.appeal_removal(alice, video)
        runtime.catch_up()
        runtime.reports.decide(sam, video, "restore")
        post(runtime, alice, video)
        _removed(runtime, carol, rita, video, "dangerous")
        runtime.catch_up()
    assert runtime.remix_holds.catch_up() == 1
    runtime.catch_up()
    assert [r.event.reason for r in _system_reports(runtime, remix)] == ["dangerous"]
    assert _held(runtime, remix) and _dismissals(runtime, remix) == []


def test_a_remix_deleted_or_kept_before_the_manager_follows_the_removal_is_not_held(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    doomed, remix = _remix(runtime, dave, video), _remix(runtime, bob, video)
    again = _remix(runtime, carol, remix)
    _removed(runtime, erin, rita, remix)  # carol's is held for bob's removal
    runtime.catch_up()
    assert len(_system_reports(runtime, again)) == 1
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.generations.delete_video(dave, doomed)
        runtime.catch_up()
        runtime.reports.decide(sam, again, "keep")  # looked at since the removal above: one look is enough
        runtime.catch_up()
    assert runtime.remix_holds.catch_up() == 0
    runtime.catch_up()
    assert _system_reports(runtime, doomed) == [] and len(_system_reports(runtime, again)) == 1
    assert runtime.posts.may_see(erin, again)


def test_a_restoration_as_the_manager_holds_leaves_the_remix_unheld(runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.reports.appeal_removal(alice, video)
        runtime.catch_up()
    manager = remix_holds_after(runtime.store, runtime.projectors)
    [removal] = [r for r in runtime.store.read_all(manager.checkpoint(), types=["PostRemoved"])]

    def restored() -> None:
        runtime.reports.decide(sam, video, "restore")

    _before_next_append(runtime, monkeypatch, restored)
    assert manager.follow(removal) == 0  # its append reads the restoration, and holds nothing
    monkeypatch.undo()
    runtime.catch_up()
    assert runtime.reports.removal(alice, video).in_force is False
    assert _system_reports(runtime, remix) == [] and runtime.posts.may_see(erin, remix)


def test_a_restoration_as_a_video_above_is_removed_leaves_the_remix_held(runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    again = _remix(runtime, carol, remix)
    _removed(runtime, erin, rita, remix)
    runtime.reports.appeal_removal(bob, remix)
    runtime.catch_up()
    runtime.reports.report(erin, video, "spam")
    runtime.catch_up()
    with _manager_held_back(runtime):
        runtime.reports.decide(sam, remix, "restore")
        runtime.catch_up()
    # alice's video is removed the moment the manager dismisses carol's report for bob's restoration
    _before_next_append(runtime, monkeypatch, lambda: runtime.reports.decide(rita, video, "remove"))
    appended = runtime.remix_holds.catch_up()
    monkeypatch.undo()
    runtime.catch_up()
    assert runtime.reports.removal(alice, video).in_force is True
    assert appended == 0 and _dismissals(runtime, again) == []
    assert len(_system_reports(runtime, again)) == 1 and _held(runtime, again)


def test_a_restoration_dismisses_only_the_service_s_reports_and_each_once(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    runtime.reports.report(dave, remix, "spam")  # a member's own report of bob's remix
    _removed(runtime, erin, rita, video)
    runtime.catch_up()
    assert _held(runtime, remix) and runtime.reports.case(sam, remix).reasons == {"spam": 1, "hate": 1}
    runtime.reports.appeal_removal(alice, video)
    runtime.catch_up()
    with _manager_held_back(runtime):
        runtime.reports.decide(sam, video, "restore")
        runtime.catch_up()
    restored = _last(runtime, video, RemovalDecided)
    assert runtime.remix_holds.follow(restored) == 1
    assert runtime.remix_holds.follow(restored) == 0
    runtime.catch_up()
    [dismissal] = _dismissals(runtime, remix)
    assert dismissal.event.report_ids == (_system_reports(runtime, remix)[0].event.report_id,)
    assert not _held(runtime, remix) and runtime.posts.may_see(erin, remix)
    assert runtime.reports.case(sam, remix).reasons == {"spam": 1}  # dave's waits for a reviewer


def test_the_manager_goes_no_further_than_the_read_models_it_reads(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    with _manager_held_back(runtime):
        _removed(runtime, erin, rita, video)
        runtime.catch_up()
    behind = RemixHolds(runtime.store, read_models_at=lambda: runtime.remix_holds.checkpoint())
    assert behind.catch_up() == 0 and _system_reports(runtime, remix) == []
    assert RemixHolds(runtime.store).catch_up() == 1


def test_a_manager_left_running_holds_the_remixes_and_the_review_reads_them_held(runtime, people):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    review = next(p for p in runtime.projectors if p.projection.name == "safety.review")
    stop, held = threading.Event(), threading.Event()

    def then() -> None:
        review.catch_up()
        if _held(runtime, remix):
            held.set()

    manager = remix_holds_after(runtime.store, runtime.projectors)
    thread = threading.Thread(target=manager.run_forever, args=(stop,),
                              kwargs={"poll_interval": 0.05, "then": then}, daemon=True)
    with _manager_held_back(runtime):
        thread.start()
        try:
            _removed(runtime, erin, rita, video)
            runtime.catch_up()
            assert held.wait(timeout=30)
        finally:
            stop.set()
            thread.join(timeout=10)
    assert len(_system_reports(runtime, remix)) == 1


def test_a_remix_posted_deep_in_the_tree_as_the_source_is_removed_does_not_make_the_decision_read_again(
        runtime, people, monkeypatch):
    alice, bob, carol, dave, erin, rita, sam = people.values()
    video = _posted(runtime, alice)
    remix = _remix(runtime, bob, video)
    late = _remix(runtime, carol, remix, posted=False)
    runtime.reports.report(erin, video, "hate")
    runtime.catch_up()
    real, removals = runtime.store.append_many, []

    def append_many(writes, **kwargs):  # noqa: ANN001, ANN003, ANN202
        if any(isinstance(e, PostRemoved) for w in writes for e in w.events):
            removals.append(1)
            if len(removals) == 1:  # carol posts her remix of bob's the moment the removal commits
                runtime.posts.post(carol, late)
        return real(writes, **kwargs)

    monkeypatch.setattr(runtime.store, "append_many", append_many)
    runtime.reports.decide(rita, video, "remove")
    monkeypatch.undo()
    runtime.catch_up()
    assert removals == [1]  # once: the remix tree is no longer the decision's to guard
    assert [len(_system_reports(runtime, v)) for v in (remix, late)] == [1, 1]
    assert _held(runtime, remix) and _held(runtime, late)


def test_a_manager_that_fails_leaves_the_command_standing_and_tries_again(tmp_path, monkeypatch, caplog):
    """The write that a command made stands when the remix holds cannot follow the log at
    that moment (a ConcurrencyError at every try, say): no 500, the checkpoint stays, and the
    next catch-up follows it."""
    from events import ManualClock
    from safety.review import holds as holds_module
    from tests.fixtures_db import build_runtime

    runtime = build_runtime(f"sqlite:///{tmp_path / 'h.db'}", tmp_path, ManualClock())
    try:
        def fails(self):  # noqa: ANN001, ANN202
            raise holds_module.ConcurrencyError("changed at every try")

        monkeypatch.setattr(holds_module.RemixHolds, "catch_up", fails)
        runtime.invites.issue_by_operator(1)
        runtime.catch_up()  # does not raise
        assert "remix holds could not follow the log" in caplog.text
        monkeypatch.undo()
        runtime.catch_up()
        assert runtime.remix_holds.checkpoint() == runtime.store.last_position()
    finally:
        runtime.close()
