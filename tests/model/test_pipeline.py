"""The sampler: determinism from the injected generator, kept frames, remix, bad arguments."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from generation.model.conditioning import ConditioningError
from generation.model.pipeline import SamplingError

PROMPT = ["a red basketball bounces in a gym"]


def _run(pipe, seed=0, **kw):
    return pipe(PROMPT, ["anime"], generator=torch.Generator().manual_seed(seed), steps=4, **kw)


def test_same_seed_gives_the_same_clip_and_another_seed_another(tiny_pipeline):
    a, b, c = _run(tiny_pipeline, 1), _run(tiny_pipeline, 1), _run(tiny_pipeline, 2)
    assert a.shape == (1, 6, 16, 16, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("solver", ["dpmsolver++", "ddim"])
def test_each_solver_samples_with_the_trained_schedule(tiny_pipeline, solver):
    tiny_pipeline.solver = solver
    seen = []
    out = _run(tiny_pipeline, progress=lambda i, n: seen.append((i, n)))
    assert out.shape == (1, 6, 16, 16, 3)
    assert seen == [(i, 4) for i in range(1, 5)]


def test_known_leading_frames_are_kept_exactly_for_a_continuation(tiny_pipeline):
    known = np.random.default_rng(0).integers(0, 255, (1, 6, 16, 16, 3), dtype=np.uint8)
    mask = np.array([[1, 1, 0, 0, 0, 0]], np.float32)
    out = _run(tiny_pipeline, known=known, known_mask=mask)
    assert np.array_equal(out[:, :2], known[:, :2])
    assert not np.array_equal(out[:, 2:], known[:, 2:])


def test_the_model_sees_known_frames_noised_as_in_training_at_every_step(tiny_pipeline, monkeypatch):
    """Not the solver's own path at those frames, which drifts from them (the seam jumped)."""
    from generation.model.conditioning import to_model
    from generation.model.schedulers import training_noise

    known = np.random.default_rng(0).integers(0, 255, (1, 6, 16, 16, 3), dtype=np.uint8)
    mask = np.array([[1, 1, 0, 0, 0, 0]], np.float32)
    seen = []
    predict = tiny_pipeline.predict
    monkeypatch.setattr(tiny_pipeline, "predict", lambda x, t, *a: seen.append((x.clone(), t)) or predict(x, t, *a))
    _run(tiny_pipeline, known=known, known_mask=mask)
    clean = torch.from_numpy(to_model(known)).reshape(1, 6, 3, 16, 16)[:, :2]
    alphas = training_noise(tiny_pipeline.scheduler_config).alphas_cumprod
    # the noise each step's input holds at the known frames, as add_noise(clean, noise, t) = x
    noises = [(x[:, :2] - alphas[int(t)].sqrt() * clean) / (1 - alphas[int(t)]).sqrt() for x, t in seen]
    assert len(noises) == 4 and noises[0].std() == pytest.approx(1.0, abs=0.15)
    assert all(torch.allclose(noises[0], n, atol=1e-4) for n in noises)  # one draw, at every step's t


def test_without_a_character_each_prompts_own_figure_conditions_its_clip(tiny_pipeline, monkeypatch):
    """Training gave every clip its first figure's code: zeros for a prompt with a figure
    asked the model to leave it out."""
    from generation.model.conditioning import appearance_code
    from generation.world.plan import ObjectSpec

    seen = []
    forward = tiny_pipeline.denoiser.forward
    monkeypatch.setattr(tiny_pipeline.denoiser, "forward", lambda *a: seen.append(a[4].clone()) or forward(*a))
    prompts = ["a green person kicks a red ball in a park", "a red ball bounces in a gym"]
    tiny_pipeline(prompts, ["anime", None], generator=torch.Generator().manual_seed(0), steps=2, guidance=1.0)
    green = appearance_code(ObjectSpec("c", "figure", "green"))
    assert np.allclose(seen[0][0].numpy(), green) and not seen[0][1].any()
    seen.clear()
    tiny_pipeline(["a person jumps in a gym"], [None], generator=torch.Generator().manual_seed(0),
                  steps=2, guidance=1.0)  # a figure of no colour: no code to give
    assert not seen[0].any()
    seen.clear()
    blue = appearance_code(ObjectSpec("c", "figure", "blue"))[None]  # a character's code wins
    tiny_pipeline(prompts[:1], ["anime"], generator=torch.Generator().manual_seed(0), steps=2,
                  guidance=1.0, appearance=blue)
    assert np.allclose(seen[0].numpy(), blue)


def test_remix_with_low_strength_stays_nearer_the_source_than_full_strength(tiny_pipeline):
    source = np.full((1, 6, 16, 16, 3), 200, np.uint8)
    light = _run(tiny_pipeline, init=source, strength=0.25)
    full = _run(tiny_pipeline, init=source, strength=1.0)
    dist = lambda x: np.abs(x.astype(float) - source).mean()  # noqa: E731
    assert dist(light) < dist(full)


def test_out_of_range_steps_strength_and_unknown_style_are_refused(tiny_pipeline):
    gen = torch.Generator().manual_seed(0)
    with pytest.raises(SamplingError):
        tiny_pipeline(PROMPT, [None], generator=gen, steps=0)
    with pytest.raises(SamplingError):
        tiny_pipeline(PROMPT, [None], generator=gen, steps=4, init=np.zeros((1, 6, 16, 16, 3), np.uint8),
                      strength=1.5)
    with pytest.raises(ConditioningError):
        tiny_pipeline(PROMPT, ["vaporwave"], generator=gen, steps=4)


def _conv_dtypes(pipe) -> list[torch.dtype]:
    """The dtype of every first-convolution output the denoiser computes."""
    seen = []
    pipe.denoiser.unet.conv_in.register_forward_hook(lambda m, i, out: seen.append(out.dtype))
    return seen


def test_bf16_precision_runs_the_denoiser_in_bf16_and_keeps_the_clip(tiny_pipeline):
    seen = _conv_dtypes(tiny_pipeline)
    tiny_pipeline.precision = "fp32"
    fp32 = _run(tiny_pipeline, guidance=2.0)
    assert seen and set(seen) == {torch.float32}
    seen.clear()
    tiny_pipeline.precision = "bf16"
    bf16, again = _run(tiny_pipeline, guidance=2.0), _run(tiny_pipeline, guidance=2.0)
    assert seen and set(seen) == {torch.bfloat16}
    assert np.array_equal(bf16, again)  # still one clip per seed
    diff = np.abs(bf16.astype(int) - fp32.astype(int))
    assert 0 < diff.mean() < 2.0 and np.percentile(diff, 99) <= 12  # rounding, not another clip


def test_auto_precision_is_bf16_only_where_the_device_has_bf16_arithmetic(tiny_pipeline, monkeypatch):
    from generation.model import pipeline

    assert tiny_pipeline.precision == "fp32" and not tiny_pipeline.bf16  # the default
    tiny_pipeline.precision = "auto"
    monkeypatch.setattr(pipeline, "cpu_has_bf16", lambda: True)
    assert tiny_pipeline.bf16
    monkeypatch.setattr(pipeline, "cpu_has_bf16", lambda: False)
    assert not tiny_pipeline.bf16
    seen = _conv_dtypes(tiny_pipeline)
    _run(tiny_pipeline)
    assert set(seen) == {torch.float32}
    assert pipeline.uses_bf16("bf16", torch.device("cpu")) and not pipeline.uses_bf16("fp32", torch.device("cpu"))


def test_bf16_arithmetic_is_read_from_the_cpus_flags(tmp_path):
    from generation.model.pipeline import cpu_has_bf16

    flags = "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512bw {}\n"
    for flag, has in (("avx512_bf16", True), ("amx_bf16 amx_tile", True), ("avx512_vnni", False)):
        info = tmp_path / flag.split()[0]
        info.write_text(flags.format(flag))
        assert cpu_has_bf16(str(info)) is has
    assert cpu_has_bf16(str(tmp_path / "missing")) is False  # no /proc/cpuinfo (macOS): fp32


def test_an_unknown_precision_is_refused(tiny_denoiser, text_encoder):
    from generation.model.pipeline import ReelworldPipeline
    from generation.model.schedulers import training_scheduler

    with pytest.raises(SamplingError, match="precision must be one of fp32, bf16, auto"):
        ReelworldPipeline(tiny_denoiser, dict(training_scheduler().config), text_encoder, precision="fp16")


def test_text_encoder_caches_and_maps_empty_text_to_zeros(text_encoder):
    vecs = text_encoder.encode(["a ball", "", "a ball"])
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs[0]), 1.0, atol=1e-4)
    assert not vecs[1].any()
    assert np.array_equal(vecs[0], vecs[2])
