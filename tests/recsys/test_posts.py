"""Posting videos to the feed, on the real chain (tiny model) and the real directory of members
and characters: who may post what to whom, who sees a post, who takes it down, and what else
takes it down (the video deleted, an account deleted, a character removed)."""

from __future__ import annotations

import pytest

from events.feed import VideoPosted, post_stream
from generation.jobs.service import generation_stream
from generation.jobs import GenerationOrder, VideoNotFound
from generation.jobs.characters import CharacterUnavailable
from recsys.errors import InvalidPost, NotPostable, PostForbidden, PostNotFound
from recsys.projection import FeedProjection
from recsys.tables import IndexPendingRow
from tests.capture_fixtures import make_capture
from tests.recsys.feed_fixtures import members, post, publish

BALL = "a red basketball bounces in a gym"


@pytest.fixture(scope="module")
def capture() -> bytes:
    return make_capture(rgb=(128, 48, 190), size=96, seconds=3.0, pitch=80, words_per_minute=140)


def _showing_bob(runtime, alice: str, bob: str, capture: bytes) -> str:  # noqa: ANN001
    """A video alice makes with bob's character (open to everyone)."""
    runtime.characters.capture(bob, capture, audience="everyone")
    runtime.catch_up()
    return publish(runtime, alice, "a person kicks a ball on the beach", characters=("bob",))


def test_a_posted_video_is_seen_by_its_audience_and_indexed(runtime):
    alice, bob = members(runtime, "alice", "bob")
    video = publish(runtime, alice, BALL)
    with pytest.raises(VideoNotFound):
        runtime.generations.video(bob, video)  # not posted: alice's alone
    post(runtime, alice, video)
    assert runtime.generations.video(bob, video).video_id == video
    assert runtime.posts.may_see(bob, video)
    row = runtime.posts.post_of(video)
    assert row.audience == "everyone" and not row.teen and "basketball" in row.caption
    assert "object:basketball" in row.facets.split("\n") and "setting:gym" in row.facets.split("\n")
    hit = runtime.feed_index.get([video])[video]
    assert hit.owner_id == alice and hit.audience == "everyone"
    posted = runtime.store.read_stream(post_stream(video))[0].event
    assert isinstance(posted, VideoPosted) and posted.cast == () and 0.0 <= posted.energy <= 1.0


def test_followers_and_mutuals_audiences(runtime):
    alice, bob, carol, dan = members(runtime, "alice", "bob", "carol", "dan")
    runtime.follows.follow(bob, "alice")      # bob follows alice
    runtime.follows.follow(carol, "alice")    # carol and alice are mutuals
    runtime.follows.follow(alice, "carol")
    runtime.catch_up()
    video = publish(runtime, alice, BALL)
    post(runtime, alice, video, "followers")
    assert [runtime.posts.may_see(who, video) for who in (bob, carol, dan)] == [True, True, False]
    post(runtime, alice, video, "mutuals")  # a second post changes the audience
    assert [runtime.posts.may_see(who, video) for who in (bob, carol, dan)] == [False, True, False]
    with pytest.raises(VideoNotFound):
        runtime.generations.video(dan, video)
    assert runtime.feed_index.get([video])[video].audience == "mutuals"


def test_posting_checks_the_audience_and_the_owner(runtime):
    alice, bob = members(runtime, "alice", "bob")
    video = publish(runtime, alice, BALL)
    with pytest.raises(InvalidPost):
        runtime.posts.post(alice, video, "friends")
    with pytest.raises(PostNotFound):
        runtime.posts.post(bob, video)  # not his
    with pytest.raises(PostNotFound):
        runtime.posts.post(alice, "no-such-video")
    runtime.posts.post(alice, video)
    version = runtime.store.stream_version(post_stream(video))
    runtime.posts.post(alice, video, "everyone")  # the same again changes nothing
    assert runtime.store.stream_version(post_stream(video)) == version


def test_a_teens_video_reaches_mutuals_only(runtime, clock):
    teen = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    video = publish(runtime, teen, BALL)
    with pytest.raises(NotPostable, match="mutuals only"):
        runtime.posts.post(teen, video, "everyone")
    view = runtime.posts.post(teen, video)
    assert view.audience == "mutuals" and view.teen


def test_the_owner_and_the_cast_take_a_post_down_and_no_one_else(runtime, capture):
    alice, bob, carol = members(runtime, "alice", "bob", "carol")
    video = _showing_bob(runtime, alice, bob, capture)
    post(runtime, alice, video)
    assert runtime.posts.post_of(video) is not None
    with pytest.raises(PostForbidden):
        runtime.posts.unpost(carol, video)
    runtime.posts.unpost(bob, video)  # his likeness: his to take down
    runtime.catch_up()
    assert runtime.posts.post_of(video) is None and video not in runtime.feed_index.get([video])
    with pytest.raises(PostNotFound):
        runtime.posts.unpost(alice, video)  # not posted any more
    post(runtime, alice, video)  # alice may post it again: bob still lets everyone use his character
    assert runtime.posts.post_of(video) is not None


def test_a_removed_character_takes_down_the_posts_that_show_it_and_none_can_be_made(runtime, capture):
    alice, bob = members(runtime, "alice", "bob")
    video = _showing_bob(runtime, alice, bob, capture)
    post(runtime, alice, video)
    runtime.characters.remove(bob)
    runtime.catch_up()
    assert runtime.posts.post_of(video) is None and runtime.feed_index.get([video]) == {}
    with pytest.raises(NotPostable, match="character"):
        runtime.posts.post(alice, video)


def test_a_narrower_character_audience_stops_new_posts_of_it(runtime, capture):
    alice, bob = members(runtime, "alice", "bob")
    video = _showing_bob(runtime, alice, bob, capture)
    runtime.characters.set_audience(bob, "only_me")
    runtime.catch_up()
    with pytest.raises(NotPostable):
        runtime.posts.post(alice, video)


def test_deleting_the_video_or_the_account_takes_the_post_down(runtime):
    alice, bob = members(runtime, "alice", "bob")
    first, second = publish(runtime, alice, BALL), publish(runtime, alice, "a beach ball floats in a pool")
    post(runtime, alice, first)
    post(runtime, alice, second)
    runtime.generations.delete_video(alice, first)
    runtime.catch_up()
    assert runtime.posts.post_of(first) is None and set(runtime.feed_index.get([first, second])) == {second}
    with pytest.raises(PostNotFound):
        runtime.posts.post(alice, first)
    runtime.accounts.delete_account(alice)
    runtime.catch_up()
    assert runtime.posts.post_of(second) is None and runtime.feed_index.get([second]) == {}
    assert not runtime.posts.may_see(bob, second)


def test_index_entries_left_by_a_crash_are_written_by_the_next_commit(runtime):
    alice = members(runtime, "alice")[0]
    video = publish(runtime, alice, BALL)
    projector = next(p for p in runtime.projectors if p.projection.name == "recsys.feed")
    crashed = FeedProjection(runtime.store.engine, None)  # a process that stops before writing the index
    projector.projection = crashed
    post(runtime, alice, video)
    assert runtime.feed_index.get([video]) == {}
    from sqlmodel import Session

    with Session(runtime.store.engine) as session:
        assert session.get(IndexPendingRow, video) is not None
    projector.projection = FeedProjection(runtime.store.engine, runtime.feed_index)  # the process restarted
    members(runtime, "bob")  # anything recorded: the first batch's commit writes what was listed
    assert set(runtime.feed_index.get([video])) == {video}
    with Session(runtime.store.engine) as session:
        assert session.get(IndexPendingRow, video) is None


def test_a_video_of_a_removed_character_stays_down_after_a_new_capture(runtime, capture):
    alice, bob = members(runtime, "alice", "bob")
    video = _showing_bob(runtime, alice, bob, capture)
    post(runtime, alice, video)
    runtime.characters.remove(bob)
    runtime.catch_up()
    runtime.characters.capture(bob, capture, audience="everyone")  # a new character, not the one it shows
    runtime.catch_up()
    with pytest.raises(NotPostable, match="removed the character"):
        runtime.posts.post(alice, video, "followers")
    taken = runtime.store.read_stream(post_stream(video))[-1].event
    assert taken.by == "reelworld" and "removed their character" in taken.reason


def test_a_video_showing_a_teen_reaches_only_mutuals_of_the_teen_too(runtime, capture, clock):
    alice, carol = members(runtime, "alice", "carol")
    teen = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    for follower, handle in ((alice, "kiddo"), (teen, "alice"), (alice, "carol"), (carol, "alice")):
        runtime.follows.follow(follower, handle)  # mutuals: kiddo and alice, alice and carol
    runtime.catch_up()
    runtime.characters.capture(teen, capture, audience="mutuals")
    runtime.catch_up()
    video = publish(runtime, alice, "a person kicks a ball on the beach", characters=("kiddo",))
    assert runtime.posts.post(alice, video).audience == "mutuals"
    runtime.catch_up()
    assert runtime.posts.may_see(teen, video)  # shown in it
    assert not runtime.posts.may_see(carol, video)  # alice's mutual, a stranger to the teen


def test_the_posts_stream_says_whether_it_stands_even_while_the_read_model_is_rebuilt(runtime, capture):
    alice, bob, carol = members(runtime, "alice", "bob", "carol")
    video = _showing_bob(runtime, alice, bob, capture)
    post(runtime, alice, video)
    runtime.posts.unpost(bob, video)
    runtime.catch_up()
    projector = next(p for p in runtime.projectors if p.projection.name == "recsys.feed")
    projector.reset()
    projector.batch_size = 1  # one event a commit: the read model passes through every state
    while runtime.posts.post_of(video) is None:  # replay up to the post, not yet its take-down
        assert projector.run_once()
    assert runtime.posts.post_of(video) is not None
    assert not runtime.posts.may_see(carol, video) and runtime.posts.visible(carol, [video]) == {}
    projector.catch_up()
    assert runtime.posts.post_of(video) is None


def test_a_post_the_service_took_down_can_be_posted_again_when_nothing_stands_in_the_way(runtime, capture):
    alice = members(runtime, "alice")[0]
    runtime.characters.capture(alice, capture, audience="only_me")
    runtime.catch_up()
    video = publish(runtime, alice, "a person kicks a ball on the beach", characters=("alice",))
    post(runtime, alice, video)
    runtime.characters.remove(alice)  # her own likeness: the post comes down with it
    runtime.catch_up()
    assert runtime.posts.post_of(video) is None
    post(runtime, alice, video)  # she posts herself again, by her own act
    assert runtime.posts.post_of(video) is not None


def test_a_new_audience_keeps_the_posts_age_and_others_never_see_the_remix_source(runtime, clock):
    alice, bob = members(runtime, "alice", "bob")
    video = publish(runtime, alice, BALL)
    posted = runtime.posts.post(alice, video)
    runtime.catch_up()
    first = runtime.posts.post_of(video).posted_at
    clock.advance(days=2)
    assert runtime.posts.post(alice, video, "followers").posted_at == posted.posted_at
    post(runtime, alice, video, "everyone")
    assert runtime.posts.post_of(video).posted_at == first
    gid = runtime.generations.request(alice, GenerationOrder(prompt="make it night", remix_of=video))
    runtime.chain.run(gid)
    runtime.catch_up()
    remix = runtime.generations.generation(alice, gid).video_id
    post(runtime, alice, remix)
    assert runtime.generations.video(alice, remix).remix_of == video
    assert runtime.generations.video(bob, remix).remix_of is None


def test_reindex_rebuilds_the_index_and_writes_what_changed_while_it_ran(runtime):
    from recsys.batch import reindex
    from recsys.projection import indexed, reconcile
    from recsys.tables import PostRow
    from sqlmodel import Session, select

    alice = members(runtime, "alice")[0]
    first, second = publish(runtime, alice, BALL), publish(runtime, alice, "a beach ball floats in a pool")
    post(runtime, alice, first)
    with Session(runtime.store.engine) as session:  # the command's snapshot of the posts
        snapshot = [indexed(row) for row in session.exec(select(PostRow)).all()]
    post(runtime, alice, second)  # the API goes on meanwhile, its own index writes done
    runtime.posts.unpost(alice, first)
    runtime.catch_up()
    assert reindex(snapshot, runtime.feed_index, use_ray=False) == 1  # the old snapshot overwrites them
    assert runtime.feed_index.ids() == {first}
    assert reconcile(runtime.store.engine, runtime.feed_index) == 2
    assert runtime.feed_index.ids() == {second}
    assert reconcile(runtime.store.engine, runtime.feed_index) == 0


def test_an_index_lost_or_from_an_older_release_is_written_again_by_the_next_process(runtime):
    import shutil

    from recsys.embeddings import shared_embedder
    from recsys.index import FeedIndex

    alice = members(runtime, "alice")[0]
    video = publish(runtime, alice, BALL)
    post(runtime, alice, video)
    shutil.rmtree(runtime.settings.lancedb_dir)  # lost (or recreated empty: an older schema)
    index = FeedIndex(runtime.settings.lancedb_dir, shared_embedder())
    projector = next(p for p in runtime.projectors if p.projection.name == "recsys.feed")
    projector.projection = FeedProjection(runtime.store.engine, index)  # the next process to start
    members(runtime, "bob")  # its first commit
    assert index.ids() == {video}


def test_a_teen_sees_anothers_post_only_where_a_teen_could_have_asked_for_it(runtime, clock):
    alice, bob = members(runtime, "alice", "bob")
    kiddo = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    casino = publish(runtime, alice, "a basketball rolls across a casino floor")  # a theme adults only may ask for
    gym = publish(runtime, alice, BALL)
    for video in (casino, gym):
        post(runtime, alice, video)
    assert not runtime.posts.post_of(casino).teen_safe and runtime.posts.post_of(gym).teen_safe
    assert runtime.posts.may_see(bob, casino) and runtime.posts.may_see(kiddo, gym)
    assert not runtime.posts.may_see(kiddo, casino) and set(runtime.posts.visible(kiddo, [casino, gym])) == {gym}
    with pytest.raises(VideoNotFound):
        runtime.generations.video(kiddo, casino)
    assert [item.video_id for item in runtime.feed.page(kiddo).items] == [gym]
    # a remix in harmless words of a video a teen may not see is no more for teens than its source
    gid = runtime.generations.request(alice, GenerationOrder(prompt="make it night", remix_of=casino))
    runtime.chain.run(gid)
    runtime.catch_up()
    remix = runtime.generations.generation(alice, gid).video_id
    post(runtime, alice, remix)
    assert runtime.posts.may_see(bob, remix) and not runtime.posts.may_see(kiddo, remix)
    # a teen's own video passed the teen check when asked for: their mutuals who are teens see it
    teens = publish(runtime, kiddo, BALL)
    post(runtime, kiddo, teens)
    assert runtime.posts.post_of(teens).teen_safe


def test_others_remix_a_posted_video_only_where_its_owner_lets_them(runtime, clock):
    alice, bob, carol = members(runtime, "alice", "bob", "carol")
    kiddo = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    video = publish(runtime, alice, BALL)

    def remix(who: str, source: str) -> str:
        gid = runtime.generations.request(who, GenerationOrder(prompt="make it night", remix_of=source))
        runtime.chain.run(gid)
        runtime.catch_up()
        return runtime.generations.generation(who, gid).video_id

    with pytest.raises(VideoNotFound, match="remix"):  # not posted: alice's alone
        remix(bob, video)
    posted = runtime.posts.post(alice, video, remixable=False)
    runtime.catch_up()
    assert not posted.remixable and runtime.posts.may_see(bob, video) and not runtime.posts.may_remix(bob, video)
    with pytest.raises(VideoNotFound):
        remix(bob, video)
    assert runtime.posts.post(alice, video).remixable is False  # posting again keeps the choice
    post(runtime, alice, video, "followers")
    assert runtime.posts.post(alice, video, "everyone", remixable=True).remixable
    runtime.catch_up()
    bobs = remix(bob, video)
    assert runtime.generations.video(bob, bobs).remix_of == video  # bob's lineage, for bob
    assert [v.video_id for v in runtime.generations.remixes(alice, video)] == []  # not posted to alice
    post(runtime, bob, bobs)
    assert [v.video_id for v in runtime.generations.remixes(alice, video)] == [bobs]
    assert runtime.generations.remixes(alice, video)[0].remix_of is None  # bob's source is bob's to see
    # taken down, or reaching them no more: not remixed
    runtime.posts.post(alice, video, "mutuals")
    runtime.catch_up()
    assert not runtime.posts.may_remix(carol, video)
    # a teen's video is never remixed by others
    teens = publish(runtime, kiddo, BALL)
    with pytest.raises(NotPostable, match="not remixed"):
        runtime.posts.post(kiddo, teens, remixable=True)
    assert runtime.posts.post(kiddo, teens).remixable is False


def test_a_teens_video_made_after_a_waived_block_reaches_no_other_teen(runtime, clock):
    adult, rita = members(runtime, "adult", "rita")
    kid, kidtwo = members(runtime, "kid", "kidtwo", birth_year=clock().year - 15)
    runtime.reviews.appoint("rita")
    for a, b in (("kid", "kidtwo"), ("kid", "adult")):  # mutuals both ways
        runtime.follows.follow(runtime.directory.require_handle(a).user_id, b)
        runtime.follows.follow(runtime.directory.require_handle(b).user_id, a)
    runtime.catch_up()
    gid = runtime.generations.request(kid, GenerationOrder(prompt="a guy smoking a cigarette in the rain"))
    runtime.chain.run(gid)
    runtime.catch_up()
    assert runtime.generations.generation(kid, gid).status == "blocked"  # the teen rules
    appeal = runtime.reviews.appeal(kid, gid, "it is a film scene")
    runtime.catch_up()
    runtime.reviews.decide(rita, appeal.appeal_id, "overturn")
    runtime.chain.run(gid)
    runtime.catch_up()
    video = runtime.generations.generation(kid, gid).video_id
    assert video is not None
    post(runtime, kid, video)
    assert not runtime.posts.post_of(video).teen_safe  # its words pass the teen check only with the waiver
    assert runtime.posts.may_see(adult, video) and not runtime.posts.may_see(kidtwo, video)


def test_posting_again_refreshes_whether_teens_may_see_it(runtime, clock, monkeypatch):
    alice = members(runtime, "alice")[0]
    kiddo = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    video = publish(runtime, alice, BALL)
    with monkeypatch.context() as patched:  # as a post made before the teen check was
        patched.setattr(runtime.posts, "_teen_safe", lambda state: False)
        post(runtime, alice, video)
    assert not runtime.posts.may_see(kiddo, video)
    post(runtime, alice, video)  # the same audience: recorded again, as the check now says
    assert runtime.posts.post_of(video).teen_safe and runtime.posts.may_see(kiddo, video)


def test_a_remix_of_anothers_video_stops_when_it_may_no_longer_be_remixed(runtime, clock):
    alice, bob = members(runtime, "alice", "bob")
    kiddo = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    video = publish(runtime, alice, 'a red ball bounces in a gym while a coach says "my secret is forty two"')
    post(runtime, alice, video)
    first = runtime.generations.request(bob, GenerationOrder(prompt="make it night", remix_of=video))
    # bob's copy of the scene holds none of alice's own words: her account's deletion must erase them
    remix = runtime.store.read_stream(generation_stream(first))[0].event.remix
    source = next(e.event.plan for e in runtime.store.read_stream(generation_stream(remix.generation_id))
                  if type(e.event).__name__ == "PromptRewritten")
    assert source["dialogue"] and any(shot["description"] for shot in source["shots"])  # alice's words
    assert remix.plan["dialogue"] == [] and all(shot["description"] == "" for shot in remix.plan["shots"])
    runtime.posts.post(alice, video, remixable=False)  # while bob's remix waits in line
    runtime.catch_up()
    runtime.chain.run(first)
    runtime.catch_up()
    failed = runtime.generations.generation(bob, first)
    assert failed.status == "failed" and "may no longer be remixed" in failed.detail
    # a remix of a video teens may not see stays so once its maker's words are shredded
    casino = publish(runtime, alice, "a basketball rolls across a casino floor")
    post(runtime, alice, casino)
    second = runtime.generations.request(bob, GenerationOrder(prompt="make it night", remix_of=casino))
    runtime.chain.run(second)
    runtime.catch_up()
    remixed = runtime.generations.generation(bob, second).video_id
    runtime.accounts.delete_account(alice)
    runtime.catch_up()
    post(runtime, bob, remixed, "everyone")
    runtime.posts.post(bob, remixed, "followers")
    runtime.catch_up()
    assert not runtime.posts.post_of(remixed).teen_safe


def test_a_remix_refused_for_the_source_characters_sake_does_not_name_it(runtime, capture):
    alice, bob, carol = members(runtime, "alice", "bob", "carol")
    runtime.characters.capture(bob, capture, audience="approved", approved=("alice",))
    runtime.catch_up()
    video = publish(runtime, alice, "a person kicks a ball on the beach", characters=("bob",))
    post(runtime, alice, video)
    assert runtime.posts.may_remix(carol, video)  # posted to her, open to remixes: bob's leave decides
    with pytest.raises(CharacterUnavailable) as refused:
        runtime.generations.request(carol, GenerationOrder(prompt="make it night", remix_of=video))
    assert "cannot be remixed by you" in refused.value.detail and "bob" not in refused.value.detail
    with pytest.raises(CharacterUnavailable, match="nobody"):  # one she named herself is said by name
        runtime.generations.request(carol, GenerationOrder(prompt="make it night", remix_of=video,
                                                           characters=("nobody",)))
