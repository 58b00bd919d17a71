"""Appeals of blocked generations and their review (safety.review), with the real prompt check
and the chain: an overturned block runs on from sampling to a video, an upheld one stays."""

from __future__ import annotations

import threading
import uuid

import pytest

from events import Context
from events.generation import GenerationRequested, PromptBlocked
from events.review import AppealFiled, appeals_stream
from generation.jobs import ChainWorker, GenerationOrder, generation_stream
from generation.jobs.sweeper import Sweeper
from safety.review import (
    AlreadyAppealed,
    AlreadyDecided,
    AppealNotFound,
    GenerationUnknown,
    InvalidReview,
    NeverAppealable,
    NotAppealable,
    NotAReviewer,
    OwnAppeal,
    ReviewerRefused,
    ReviewProjection,
)
from social import NotFound
from tests.fixtures_db import join
from tests.jobs.fixtures import StrobeGenerator, chain_runtime

STAB = GenerationOrder(prompt="a man stabs his neighbour with a knife")
SMOKE = GenerationOrder(prompt="a guy smoking a cigarette in the rain")  # blocked for teens only
ADMIN = Context(actor="admin")


def _types(runtime, gid: str) -> list[str]:
    return [r.type for r in runtime.store.read_stream(generation_stream(gid))]


@pytest.fixture
def rita(runtime) -> str:
    """A reviewer."""
    user_id = join(runtime, "rita")
    runtime.reviews.appoint("rita", context=ADMIN)
    runtime.catch_up()
    return user_id


def _blocked(runtime, user_id: str, order: GenerationOrder) -> str:
    gid = runtime.generations.request(user_id, order)
    assert runtime.chain.run(gid).status == "blocked"
    runtime.catch_up()
    return gid


def _blocked_by_log(runtime, user_id: str, cast: tuple[str, ...] = (), category: str = "graphic_violence",
                    message: str = "graphic violence and gore are not allowed") -> str:
    """A generation the prompt check blocked under `category`, recorded straight into the log
    (no chain run); `cast`: the user ids of the characters' owners it shows."""
    gid = str(uuid.uuid4())
    runtime.store.append(generation_stream(gid), [
        GenerationRequested(generation_id=gid, user_id=user_id, prompt=STAB.prompt, style=None, characters=(),
                            remix_of=None, shots=1, tier="standard", seed=1, teen=False, reservation="free",
                            cast=cast),
        PromptBlocked(generation_id=gid, category=category, message=message, layer="lexical"),
    ], 0)
    return gid


def test_an_overturned_block_runs_on_to_a_video_without_taking_quota_again(runtime, rita):
    teen = join(runtime, "kid", birth_year=2012)
    gid = _blocked(runtime, teen, SMOKE)
    assert runtime.quota.quota(teen).used_today == 0

    appeal = runtime.reviews.appeal(teen, gid, "it is a film noir scene, nobody is hurt", context=Context(actor=teen))
    runtime.catch_up()
    assert (appeal.status, appeal.category, appeal.note) == ("open", "dangerous_or_adult_themes", "it is a film noir scene, nobody is hurt")
    assert appeal.message and appeal.decided_at is None

    [case] = runtime.reviews.queue(rita)
    assert (case.appeal_id, case.prompt, case.teen) == (appeal.appeal_id, SMOKE.prompt, True) and case.layer
    assert case.caption and case.note == appeal.note and case.status == "open"

    decided = runtime.reviews.decide(rita, appeal.appeal_id, "overturn", "fine for a film", context=Context(actor=rita))
    assert (decided.status, decided.answer, decided.decided_by) == ("overturned", "fine for a film", "rita")
    assert _types(runtime, gid)[-2:] == ["PromptBlocked", "BlockOverturned"]
    runtime.catch_up()
    view = runtime.generations.generation(teen, gid)
    assert view.status == "queued" and view.detail is None  # the block's message no longer holds
    assert runtime.reviews.standing(teen, gid).status == "overturned"

    assert runtime.chain.run(gid).status == "published"
    assert _types(runtime, gid)[-6:] == ["BlockOverturned", "PromptApproved", "SamplingCompleted", "AudioComposed",
                                         "OutputApproved", "VideoPublished"]
    runtime.catch_up()
    published = runtime.generations.generation(teen, gid)
    assert published.video_id and published.detail is None  # the block is history
    assert runtime.quota.quota(teen).used_today == 0  # the block was the service's mistake
    mine = runtime.reviews.appeal_of(teen, appeal.appeal_id)
    assert (mine.status, mine.answer) == ("overturned", "fine for a film")
    assert runtime.reviews.queue(rita) == [] and [c.appeal_id for c in runtime.reviews.queue(rita, status="decided")] \
        == [appeal.appeal_id]


def test_an_upheld_block_stays_and_each_generation_is_appealed_and_decided_once(runtime, alice, rita):
    gid = _blocked(runtime, alice, STAB)
    appeal = runtime.reviews.appeal(alice, gid)
    with pytest.raises(AlreadyAppealed) as again:
        runtime.reviews.appeal(alice, gid, "please")
    assert again.value.appeal_id == appeal.appeal_id
    runtime.catch_up()
    decided = runtime.reviews.decide(rita, appeal.appeal_id, "uphold", "graphic violence stays blocked")
    assert decided.status == "upheld"
    with pytest.raises(AlreadyDecided):
        runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
    assert runtime.chain.run(gid).status == "blocked" and _types(runtime, gid)[-1] == "PromptBlocked"
    runtime.catch_up()
    assert [(a.status, a.answer) for a in runtime.reviews.appeals(alice)] == [("upheld", "graphic violence stays blocked")]
    with pytest.raises(AlreadyAppealed):
        runtime.reviews.appeal(alice, gid)


def test_only_a_prompt_block_of_ones_own_within_the_window_is_appealed(runtime, alice, clock, tmp_path):
    bob = join(runtime, "bob")
    gid = _blocked(runtime, alice, STAB)
    with pytest.raises(GenerationUnknown):
        runtime.reviews.appeal(bob, gid)
    with pytest.raises(GenerationUnknown):
        runtime.reviews.appeal(alice, "no-such-generation")
    with pytest.raises(InvalidReview):
        runtime.reviews.appeal(alice, gid, "x" * 1001)
    with pytest.raises(InvalidReview):
        runtime.reviews.appeal(alice, gid, "a bell\x07")
    with pytest.raises(InvalidReview, match="reorder"):
        runtime.reviews.appeal(alice, gid, "fine \u202eenif")
    with pytest.raises(GenerationUnknown):
        runtime.reviews.appeal(alice, "a\x00b")

    queued = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    with pytest.raises(NotAppealable, match="queued"):
        runtime.reviews.appeal(alice, queued)

    clock.advance(days=31)
    with pytest.raises(NotAppealable, match="within 30 days"):
        runtime.reviews.appeal(alice, gid)


def test_an_output_block_is_measured_and_not_appealed(tmp_path, clock):
    runtime = chain_runtime(tmp_path, clock, StrobeGenerator())
    try:
        alice = join(runtime, "alice")
        gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
        assert runtime.chain.run(gid).status == "blocked"
        with pytest.raises(NotAppealable, match="measured"):
            runtime.reviews.appeal(alice, gid)
    finally:
        runtime.close()


def test_a_block_for_sexual_content_involving_minors_is_never_reviewed(runtime, alice):
    gid = _blocked_by_log(runtime, alice, category="sexual_minors",
                          message="sexual content involving minors is never allowed")
    with pytest.raises(NeverAppealable):
        runtime.reviews.appeal(alice, gid)


def test_reviewers_are_adults_the_operator_appoints_and_never_judge_their_own(runtime, alice, rita):
    join(runtime, "kid", birth_year=2012)
    with pytest.raises(ReviewerRefused, match="teen"):
        runtime.reviews.appoint("kid", context=ADMIN)
    with pytest.raises(NotFound, match="no member"):
        runtime.reviews.appoint("@nobody", context=ADMIN)
    assert runtime.reviews.appoint("@rita", context=ADMIN).handle == "rita"  # once is enough
    runtime.catch_up()
    assert [r.handle for r in runtime.reviews.reviewers()] == ["rita"]

    with pytest.raises(NotAReviewer):
        runtime.reviews.queue(alice)
    gid = _blocked(runtime, rita, STAB)
    own = runtime.reviews.appeal(rita, gid)
    runtime.catch_up()
    assert runtime.reviews.queue(rita) == []  # not her own
    with pytest.raises(OwnAppeal):
        runtime.reviews.decide(rita, own.appeal_id, "overturn")
    with pytest.raises(InvalidReview):
        runtime.reviews.decide(rita, own.appeal_id, "approve")
    with pytest.raises(AppealNotFound):
        runtime.reviews.case(rita, "not-an-id")
    with pytest.raises(AppealNotFound):
        runtime.reviews.appeal_of(alice, own.appeal_id)  # not hers

    runtime.reviews.appoint("alice", context=ADMIN)
    assert runtime.reviews.queue(alice)[0].appeal_id == own.appeal_id  # at once: from the log
    runtime.reviews.dismiss("alice", context=ADMIN)
    with pytest.raises(NotAReviewer):
        runtime.reviews.decide(alice, own.appeal_id, "overturn")
    with pytest.raises(ReviewerRefused, match="not a reviewer"):
        runtime.reviews.dismiss("alice", context=ADMIN)


def test_a_deleted_appellant_takes_the_appeal_and_its_note_with_them(runtime, alice, rita):
    gid = _blocked(runtime, alice, STAB)
    appeal = runtime.reviews.appeal(alice, gid, "my secret reason")
    runtime.accounts.delete_account(alice)
    runtime.catch_up()
    assert runtime.reviews.queue(rita) == []
    with pytest.raises(AppealNotFound):
        runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
    [filed] = runtime.store.read_stream(appeals_stream(alice))
    assert isinstance(filed.event, AppealFiled) and filed.event.note == ""  # shredded with her key


def test_two_reviewers_deciding_at_once_record_one_decision(runtime, alice, rita):
    join(runtime, "sam")
    sam = runtime.reviews.appoint("sam", context=ADMIN)
    runtime.catch_up()
    sam_id = runtime.directory.by_handle(sam.handle).user_id
    gid = _blocked(runtime, alice, STAB)
    appeal = runtime.reviews.appeal(alice, gid)
    runtime.catch_up()
    results: list[str] = []
    barrier = threading.Barrier(2)

    def decide(reviewer: str, outcome: str) -> None:
        barrier.wait()
        try:
            results.append(runtime.reviews.decide(reviewer, appeal.appeal_id, outcome).status)
        except AlreadyDecided:
            results.append("refused")

    threads = [threading.Thread(target=decide, args=(rita, "overturn")),
               threading.Thread(target=decide, args=(sam_id, "uphold"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) in (["overturned", "refused"], ["refused", "upheld"])
    decisions = [r for r in runtime.store.read_stream(appeals_stream(alice)) if r.type == "ReviewDecided"]
    overturns = [t for t in _types(runtime, gid) if t == "BlockOverturned"]
    assert len(decisions) == 1 and len(overturns) == (decisions[0].event.outcome == "overturned")


def test_the_worker_and_the_sweeper_take_an_overturned_generation_back(runtime, alice, rita, clock):
    gid = _blocked(runtime, alice, STAB)
    sweeper = Sweeper(runtime.store, runtime.quota, runtime.media, clock=runtime.clock)
    sweeper.sweep()
    assert gid in sweeper.to_expire and gid not in sweeper.open
    worker = ChainWorker(runtime.store, runtime.chain)
    worker.scan()
    assert gid not in worker.pending

    appeal = runtime.reviews.appeal(alice, gid)
    runtime.catch_up()
    runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
    sweeper.sweep()
    assert gid in sweeper.open and gid not in sweeper.to_expire  # watched as stuck again, media kept
    assert worker.work_once() == 1 and gid not in worker.pending
    assert runtime.chain.state(gid).status == "published"
    clock.advance(days=40)
    assert sweeper.sweep().expired == 0  # a published video's media stay


def test_the_review_read_model_rebuilds_the_same(runtime, alice, rita):
    gid = _blocked(runtime, alice, STAB)
    appeal = runtime.reviews.appeal(alice, gid)
    runtime.catch_up()
    runtime.reviews.decide(rita, appeal.appeal_id, "uphold")
    runtime.catch_up()
    before = (runtime.reviews.appeals(alice), runtime.reviews.reviewers())
    from events import Projector

    Projector(runtime.store, ReviewProjection()).rebuild()
    assert (runtime.reviews.appeals(alice), runtime.reviews.reviewers()) == before


def test_a_member_files_at_most_ten_appeals_a_day(runtime, alice, clock):
    from safety.review import APPEALS_PER_DAY, TooManyAppeals

    gids = [_blocked_by_log(runtime, alice) for _ in range(APPEALS_PER_DAY + 1)]
    for gid in gids[:APPEALS_PER_DAY]:
        runtime.reviews.appeal(alice, gid)
        runtime.catch_up()
        clock.advance(minutes=1)
    with pytest.raises(TooManyAppeals) as refused:
        runtime.reviews.appeal(alice, gids[-1])
    assert refused.value.retry_after_s == 24 * 3600 - 10 * 60  # when the first of the ten is a day old
    clock.advance(seconds=refused.value.retry_after_s)
    assert runtime.reviews.appeal(alice, gids[-1]).status == "open"


def test_an_overturn_waives_only_its_own_category_and_never_sexual_content_with_minors(runtime, alice, rita):
    """A clause the first block hid (the check stops at the first category that blocks) is
    still checked after the overturn."""
    hidden = GenerationOrder(prompt="a man stabs his neighbour with a knife, then a man sharing a hotel room "
                                    "with a 13 year old girl he met online")
    gid = _blocked(runtime, alice, hidden)
    first = runtime.reviews.appeal(alice, gid)
    assert first.category == "graphic_violence"
    runtime.catch_up()
    runtime.reviews.decide(rita, first.appeal_id, "overturn")
    state = runtime.chain.run(gid)
    assert state.status == "blocked" and state.waived == {"graphic_violence"}
    blocked = runtime.store.read_stream(generation_stream(gid))[-1].event
    assert isinstance(blocked, PromptBlocked) and blocked.category == "sexual_minors"
    with pytest.raises(AlreadyAppealed):  # one appeal each
        runtime.reviews.appeal(alice, gid)

    plain = _blocked(runtime, alice, STAB)  # the category waived, nothing else: it is made
    appeal = runtime.reviews.appeal(alice, plain)
    runtime.catch_up()
    runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
    assert runtime.chain.run(plain).status == "published"


def test_an_appeal_outlives_the_clean_up_of_its_blocked_generation(tmp_path, clock, generator):
    """The sweeper's retention (MediaErased, of a prompt block that made no media) ends neither
    an open appeal nor the overturn."""
    runtime = chain_runtime(tmp_path, clock, generator, unpublished_media_days=2)
    try:
        alice, rita = join(runtime, "alice"), join(runtime, "rita")
        runtime.reviews.appoint("rita", context=ADMIN)
        early, late = _blocked(runtime, alice, STAB), _blocked(runtime, alice, STAB)
        appeal = runtime.reviews.appeal(alice, early)
        runtime.sweeper.sweep()
        clock.advance(days=3)
        assert runtime.sweeper.sweep().expired == 2
        assert _types(runtime, early)[-1] == _types(runtime, late)[-1] == "MediaErased"
        late_appeal = runtime.reviews.appeal(alice, late)  # still within the 30 days
        runtime.catch_up()
        runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
        runtime.reviews.decide(rita, late_appeal.appeal_id, "uphold")
        assert runtime.chain.run(early).status == "published"
        assert not runtime.chain.state(early).media_erased  # the video's media are live, to erase later
    finally:
        runtime.close()


def test_a_reviewer_reads_no_appeal_of_their_own_nor_one_showing_their_likeness(runtime, alice, rita):
    gid = _blocked(runtime, rita, STAB)
    own = runtime.reviews.appeal(rita, gid)
    runtime.catch_up()
    with pytest.raises(AppealNotFound):
        runtime.reviews.case(rita, own.appeal_id)

    shown = _blocked_by_log(runtime, alice, cast=(rita,))
    appeal = runtime.reviews.appeal(alice, shown)
    runtime.catch_up()
    assert runtime.reviews.queue(rita) == []
    with pytest.raises(AppealNotFound):
        runtime.reviews.case(rita, appeal.appeal_id)
    with pytest.raises(OwnAppeal):
        runtime.reviews.decide(rita, appeal.appeal_id, "overturn")


def test_appeals_filed_at_once_keep_to_the_daily_limit(runtime, alice):
    from safety.review import APPEALS_PER_DAY, TooManyAppeals

    gids = [_blocked_by_log(runtime, alice) for _ in range(APPEALS_PER_DAY + 3)]
    for gid in gids[:APPEALS_PER_DAY - 1]:
        runtime.reviews.appeal(alice, gid)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def file(gid: str) -> None:
        barrier.wait()
        try:
            runtime.reviews.appeal(alice, gid)
            outcomes.append("filed")
        except TooManyAppeals:
            outcomes.append("refused")

    threads = [threading.Thread(target=file, args=(gid,)) for gid in gids[APPEALS_PER_DAY - 1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["filed", "refused", "refused", "refused"]
    filed = [e for e in runtime.store.read_stream(appeals_stream(alice)) if isinstance(e.event, AppealFiled)]
    assert len(filed) == APPEALS_PER_DAY
