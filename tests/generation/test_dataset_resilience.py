"""A draw that cannot be staged never aborts the dataset job: the sample is restaged."""

from __future__ import annotations

from generation.world import dataset
from generation.world.generate import ScenarioError
from generation.world.generate import generate as real_generate


def test_a_sample_that_cannot_be_staged_is_restaged_from_the_next_family(tmp_path, monkeypatch):
    calls: list[tuple[str, int]] = []

    def flaky(name, seed, **kwargs):
        calls.append((name, seed))
        if len(calls) == 1:
            raise ScenarioError(f"{name}: no draw showed the outcome")
        return real_generate(name, seed, **kwargs)

    monkeypatch.setattr("generation.world.generate.generate", flaky)
    cfg = dataset.DatasetConfig(n=1, out=str(tmp_path), size=32, fps=8.0, shard_size=1)
    assert dataset.write_shard(0, cfg) == 1
    assert len(calls) == 2 and calls[0][0] != calls[1][0]
    assert dataset.pending_shards(cfg) == []


def test_a_restaged_training_sample_never_draws_an_evaluation_seed():
    from generation.world.dataset import HELD_OUT_SEED, RESTAGE_ATTEMPTS, _restage_seed

    for i in (0, 5, 999_999 - 3, HELD_OUT_SEED - 1):
        seeds = [_restage_seed(i, a) for a in range(RESTAGE_ATTEMPTS)]
        assert seeds[0] == i and all(0 <= s < HELD_OUT_SEED for s in seeds), (i, seeds)
        assert len(set(seeds)) == RESTAGE_ATTEMPTS
    assert _restage_seed(HELD_OUT_SEED + 7, 1) == HELD_OUT_SEED + 7 + 1_000_003  # evaluation draws as before
