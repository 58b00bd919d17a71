"""`reelworld catalog import` and `reelworld feed eval`, run as a person would."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from recsys.embeddings import shared_embedder
from recsys.eval_data import CATALOG, INSTRUCTIONS
from recsys.index import FeedIndex
from tests.cli.test_cli_errors import home  # noqa: F401 - the autouse fixture: REELWORLD_HOME in tmp_path

runner = CliRunner()


def _catalog(tmp_path, lines: list[str], name: str = "videos.jsonl"):  # noqa: ANN202
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _shipped(n: int) -> list[str]:
    return CATALOG.read_text().splitlines()[:n]


def test_import_indexes_the_videos_and_importing_again_rewrites_the_same_rows(tmp_path, home):  # noqa: F811
    path = _catalog(tmp_path, _shipped(30))
    result = runner.invoke(app, ["catalog", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"30 videos imported into table 'catalog_videos' in {home / 'lancedb'} (it holds 30)" in result.output
    index = FeedIndex(home / "lancedb", shared_embedder(), table="catalog_videos")
    first = json.loads(_shipped(1)[0])
    hit = index.get([first["id"]])[first["id"]]
    assert hit.owner_id == first["creator"] and hit.audience == "everyone" and f"style:{first['style']}" in hit.facets
    changed = json.dumps({**first, "creator": "someone_else"})
    again = runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, [*_shipped(30), changed], "b.jsonl"))])
    assert again.exit_code == 0, again.output
    assert "30 videos imported" in again.output and "(it holds 30); 1 ids given more than once" in again.output
    assert index.get([first["id"]])[first["id"]].owner_id == "someone_else"
    assert not FeedIndex(home / "lancedb", shared_embedder()).count()  # the live table untouched


def test_bad_lines_are_named_and_nothing_is_written(tmp_path, home):  # noqa: F811
    good = _shipped(2)
    bad = json.dumps({**json.loads(good[1]), "created": "last tuesday"})
    result = runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, [good[0], "", bad, "oops"]))])
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert "2 bad lines in the catalog:" in said
    assert "line 3, field 'created': 'last tuesday' is not an ISO 8601 time" in said
    assert "line 4: not JSON" in said
    assert not (home / "lancedb").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["--table", "feed_videos"], "'feed_videos' is the live feed's table"),
    (["--table", "a b"], "--table is letters, digits"),
])
def test_the_live_table_and_odd_names_are_refused(tmp_path, args, says):
    result = runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, _shipped(1))), *args])
    assert result.exit_code == 2 and says in " ".join(result.output.split()), result.output


def test_a_missing_or_empty_file_is_one_line(tmp_path):
    missing = runner.invoke(app, ["catalog", "import", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "cannot read" in missing.output and "Traceback" not in missing.output
    empty = runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, [""]))])
    assert empty.exit_code == 2 and "holds no videos" in empty.output


def test_feed_eval_prints_the_table_and_json(tmp_path):
    catalog = _catalog(tmp_path, _shipped(120), "cat.jsonl")
    asked = _catalog(tmp_path, INSTRUCTIONS.read_text().splitlines()[::25], "ins.jsonl")
    result = runner.invoke(app, ["feed", "eval", "--catalog", str(catalog), "--instructions", str(asked)])
    assert result.exit_code == 0, result.output
    for row in ("exclusion violations", "share of videos asked for", "nDCG@20", "intra-list diversity",
                "instructions failed somewhere"):
        assert row in result.output
    as_json = runner.invoke(app, ["feed", "eval", "--catalog", str(catalog), "--instructions", str(asked),
                                  "--json", "--k", "10"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert (report["k"], report["videos"], report["instructions"]) == (10, 120, 6)
    assert report["instructed"]["violations"] == 0 and len(report["results"]) == 6


def test_feed_eval_refuses_a_catalog_without_labels(tmp_path):
    plain = [json.dumps({k: v for k, v in json.loads(line).items() if k not in ("facets", "energy")})
             for line in _shipped(3)]
    result = runner.invoke(app, ["feed", "eval", "--catalog", str(_catalog(tmp_path, plain))])
    assert result.exit_code == 2 and "3 videos have no labels" in " ".join(result.output.split()), result.output


def test_an_import_that_crosses_the_ann_threshold_builds_the_index_before_it_exits(tmp_path, home, monkeypatch):  # noqa: F811
    import functools

    from recsys import ann

    monkeypatch.setattr(ann, "AnnPolicy", functools.partial(ann.AnnPolicy, min_rows=20, partition_rows=8))
    result = runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, _shipped(30)))])
    assert result.exit_code == 0, result.output
    assert "(it holds 30); ANN index IVF_FLAT over 30 of 30 rows" in result.output.replace("\n", " "), result.output
    lock = home / "lancedb" / ".catalog_videos.upkeep.lock"
    assert lock.read_bytes() == b"", "no build left under way at exit"
    assert runner.invoke(app, ["catalog", "import", str(_catalog(tmp_path, _shipped(10), "c.jsonl"))]).exit_code == 0
