"""What a member says of single videos, on real videos, the real index and the real embedding
model: "like" brings videos close to it up (and says so), "less" hides that video for good and
sinks those close to it, "none" takes either back; the latest say holds; only videos posted to
the member; sealed under their key."""

from __future__ import annotations

import pytest

from events.feed import signals_stream
from recsys.errors import InvalidPost, PostNotFound
from social import Controls
from tests.recsys.feed_fixtures import members
from tests.recsys.test_feed import world  # noqa: F401 - a fixture


def _page(runtime, user_id: str) -> dict:  # noqa: ANN001
    """{video_id: (place, score, reasons)} of the member's page now."""
    return {item.video_id: (i, item.score, item.reasons)
            for i, item in enumerate(runtime.feed.page(user_id, limit=10).items)}


def _twin(runtime, people: dict) -> str:  # noqa: ANN001
    """A viewer placed as vera is (following bob), who says nothing: the control."""
    [walt] = members(runtime, "walt")
    runtime.follows.follow(walt, "bob")
    runtime.catch_up()
    return walt


def test_a_liked_video_brings_those_close_to_it_up_and_says_why(runtime, world, clock):  # noqa: F811
    people, videos = world
    vera, walt = people["vera"], _twin(runtime, people)
    assert runtime.feed.signal(vera, videos["calm_anime"], "like") == "like"
    clock.advance(days=1)  # a new day: every video may be served again
    liked, control = _page(runtime, vera), _page(runtime, walt)
    night_pool = videos["night_pool"]  # a beach ball in a pool, as the liked one
    assert liked[night_pool][1] > control[night_pool][1]
    assert liked[night_pool][0] < control[night_pool][0], (liked, control)
    assert "like a video you liked" in liked[night_pool][2]
    assert "like a video you liked" not in liked[videos["crates"]][2]
    assert runtime.feed.signals(vera) == {videos["calm_anime"]: "like"}


def test_less_hides_that_video_for_good_and_sinks_those_close_to_it(runtime, world, clock):  # noqa: F811
    people, videos = world
    vera, walt = people["vera"], _twin(runtime, people)
    runtime.feed.signal(vera, videos["night_pool"], "less")
    for _ in range(2):
        clock.advance(days=1)
        less, control = _page(runtime, vera), _page(runtime, walt)
        assert videos["night_pool"] not in less and videos["night_pool"] in control
        assert less[videos["calm_anime"]][1] < control[videos["calm_anime"]][1]  # a ball in a pool too
        assert less[videos["crates"]][1] == pytest.approx(control[videos["crates"]][1], abs=0.35)

    runtime.feed.signal(vera, videos["night_pool"], "none")  # taken back
    clock.advance(days=1)
    assert videos["night_pool"] in _page(runtime, vera) and runtime.feed.signals(vera) == {}


def test_the_latest_say_holds_and_saying_it_again_records_nothing(runtime, world):  # noqa: F811
    people, videos = world
    vera = people["vera"]
    runtime.feed.signal(vera, videos["tennis"], "like")
    runtime.feed.signal(vera, videos["tennis"], "like")
    runtime.feed.signal(vera, videos["tennis"], "less")
    assert runtime.feed.signals(vera) == {videos["tennis"]: "less"}
    assert len(runtime.store.read_stream(signals_stream(vera))) == 2
    runtime.feed.signal(vera, videos["crates"], "none")  # nothing said of it: nothing to take back
    assert len(runtime.store.read_stream(signals_stream(vera))) == 2


def test_only_a_video_posted_to_the_member_and_only_the_three_signals(runtime, world):  # noqa: F811
    people, videos = world
    vera = people["vera"]
    with pytest.raises(InvalidPost, match="like, less, none"):
        runtime.feed.signal(vera, videos["tennis"], "love")
    with pytest.raises(PostNotFound):
        runtime.feed.signal(vera, "no-such-video", "like")
    runtime.feed.signal(vera, videos["tennis"], "less")
    runtime.posts.unpost(people["bob"], videos["tennis"])
    runtime.catch_up()
    with pytest.raises(PostNotFound):  # taken down: it no longer reaches her
        runtime.feed.signal(vera, videos["tennis"], "like")
    assert runtime.feed.signals(vera) == {videos["tennis"]: "less"}
    runtime.feed.signal(vera, videos["tennis"], "none")  # but what she said, she may take back
    assert runtime.feed.signals(vera) == {}


def test_without_personalisation_less_still_hides_but_nothing_steers(runtime, world, clock):  # noqa: F811
    people, videos = world
    teen = members(runtime, "kiddo", birth_year=clock().year - 15)[0]
    code = runtime.guardians.start_link(people["alice"]).code
    runtime.guardians.confirm_link(teen, code)
    runtime.guardians.set_controls(people["alice"], "kiddo", Controls(personalised_feed=False))
    runtime.catch_up()
    shown = _page(runtime, teen)
    runtime.feed.signal(teen, next(iter(shown)), "less")
    liked = next(vid for vid in shown if runtime.feed.signals(teen).get(vid) is None)
    runtime.feed.signal(teen, liked, "like")
    clock.advance(days=1)
    page = _page(runtime, teen)
    assert next(iter(shown)) not in page
    assert not any("like a video you liked" in reasons for _, _, reasons in page.values())


def test_what_a_member_said_of_videos_is_erased_with_the_account(runtime, world):  # noqa: F811
    people, videos = world
    vera = people["vera"]
    runtime.feed.signal(vera, videos["calm_anime"], "like")
    runtime.accounts.delete_account(vera)
    runtime.catch_up()
    assert runtime.feed.signals(vera) == {}
    [said] = runtime.store.read_stream(signals_stream(vera))
    assert said.event.video_id == "" and said.event.signal == "like"


def test_a_hidden_video_stays_hidden_however_many_sayings_follow(runtime, world, clock):  # noqa: F811
    from events.feed import hidden_stream
    from recsys.feed import SIGNALS_KEPT

    people, videos = world
    vera = people["vera"]
    runtime.feed.signal(vera, videos["night_pool"], "less")
    for _ in range(SIGNALS_KEPT // 2 + 5):  # the window of sayings that steer passes it by
        runtime.feed.signal(vera, videos["crates"], "like")
        runtime.feed.signal(vera, videos["crates"], "none")
    clock.advance(days=1)
    assert videos["night_pool"] not in _page(runtime, vera)
    assert runtime.feed.signals(vera) == {videos["night_pool"]: "less"}
    assert len(runtime.store.read_stream(hidden_stream(vera))) == 1, "only what hides or shows a video again"
    runtime.feed.signal(vera, videos["night_pool"], "like")  # taken back, by liking it
    runtime.feed.signal(vera, videos["night_pool"], "none")
    assert runtime.feed.signals(vera) == {}
    clock.advance(days=1)
    assert videos["night_pool"] in _page(runtime, vera)
