"""Reading a catalog of videos without media: each line checked, facets read from the words."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from recsys.catalog import CatalogError, catalog_facets, indexed_video, read_catalog

LINE = {"id": "v1", "caption": "A red basketball bounces in a gym, anime style.", "creator": "maker001",
        "style": "anime", "tags": ["tennis ball", "night"], "created": "2026-11-20T08:15:00+01:00"}


def _line(**change) -> str:  # noqa: ANN003
    return json.dumps({k: v for k, v in {**LINE, **change}.items() if v is not ...})


def test_a_line_is_read_with_its_facets_from_the_caption_and_the_tags():
    [video] = read_catalog([_line(), "", "  "])
    assert video.created == datetime(2026, 11, 20, 7, 15, tzinfo=UTC) and video.tags == ("tennis ball", "night")
    found = catalog_facets(video)
    assert set(found.facets) == {"style:anime", "object:basketball", "object:tennis_ball", "colour:red",
                                 "setting:gym", "action:bounce", "time:night", "topic:balls", "topic:sports"}
    assert 0 < found.energy < 0.5
    row = indexed_video(video)
    assert (row.owner_id, row.audience, row.text, row.facets) == ("maker001", "everyone", video.caption, found.facets)


def test_the_style_field_wins_over_the_words_and_a_caption_without_a_time_is_of_the_day():
    [video] = read_catalog([_line(style="cinematic", tags=[])])
    facets = set(catalog_facets(video).facets)
    assert "style:cinematic" in facets and "style:anime" not in facets and "time:day" in facets


@pytest.mark.parametrize(("change", "field", "says"), [
    ({"id": ...}, "id", "missing"),
    ({"caption": 3}, "caption", "expected a string, got a number"),
    ({"caption": "  "}, "caption", "is empty"),
    ({"creator": "bob\u202e"}, "creator", "control or formatting character"),
    ({"style": "noir"}, "style", "'noir' is not one of realistic, cinematic, anime"),
    ({"tags": "ball"}, "tags", "expected a list"),
    ({"tags": ["ball", 7]}, "tags", "expected a string"),
    ({"created": "yesterday"}, "created", "'yesterday' is not an ISO 8601 time"),
    ({"created": "2026-11-20T08:15:00"}, "created", "has no time zone"),
    ({"facets": ["style:noir"]}, "facets", "expected a list of facets"),
])
def test_a_bad_line_is_named_with_its_field(change, field, says):
    with pytest.raises(CatalogError) as caught:
        read_catalog([_line(), _line(**change)])
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (2, field) and says in problem.message, problem
    assert str(caught.value).startswith(f"1 bad line in the catalog:\nline 2, field '{field}': ")


def test_every_bad_line_is_counted_and_the_first_twenty_listed():
    with pytest.raises(CatalogError) as caught:
        read_catalog(["{", "[1]", *[_line(style="noir")] * 30])
    assert caught.value.count == 32 and len(caught.value.problems) == 20
    assert str(caught.value.problems[0]).startswith("line 1: not JSON")
    assert str(caught.value.problems[1]) == "line 2: expected a JSON object, got a list"
    assert "(and 12 more)" in str(caught.value)


def test_a_labelled_line_keeps_its_ground_truth_for_the_evaluation():
    [video] = read_catalog([_line(facets=["style:anime", "setting:pool"], energy=0.2)])
    assert indexed_video(video, labelled=True).facets == ("setting:pool", "style:anime")
    with pytest.raises(ValueError, match="has no labels"):
        indexed_video(read_catalog([_line()])[0], labelled=True)
