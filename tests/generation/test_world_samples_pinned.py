"""A sample is a function of its seed: the frames, caption and states the dataset job and the
GPU trainer's producers make for a seed are pinned here, so a speed-up of the simulator or the
renderer that changes a single pixel fails (the digests hold on this project's pinned numpy,
Pillow and pymunk).

If the world is changed on purpose, print the new digests and paste them below:
    python -m tests.generation.test_world_samples_pinned
"""

from __future__ import annotations

import hashlib

from generation.world.dataset import DatasetConfig, _sample
from generation.world.generate import generate
from generation.world.sample import meta_encoder
from generation.world.scenarios import all_families

# (size, fps, seeds): the producers' clips (every family, every style, multi-shot every fourth
# seed) and a few at the dataset's 64 px and 24 fps.
DRAWS = ((32, 8.0, range(0, 40)), (64, 24.0, range(500, 508)))

PINNED = {  # made before the speed-ups of the producers (commit 405adde)
    "32/0": "5314f907702edb32",
    "32/1": "7a04f5b89f0b4575",
    "32/2": "b121d8e9f24be41f",
    "32/3": "3cbb15ea3d89c443",
    "32/4": "aadf8669dbad9f6f",
    "32/5": "c880add9e832daa0",
    "32/6": "888dd674f5c10de2",
    "32/7": "acf0cfd3952d3149",
    "32/8": "c3105bfee60ee97f",
    "32/9": "e2d2cb7bc132dff5",
    "32/10": "3bd3039f2b1a8502",
    "32/11": "92e5c25ce99c43b3",
    "32/12": "d33cf39e67bb667a",
    "32/13": "81647f3c285d4cdc",
    "32/14": "40c4a4b2e6cb6745",
    "32/15": "f6a0c9009ae86faf",
    "32/16": "1e7b47df83177bc7",
    "32/17": "13168a3ce468703e",
    "32/18": "b57c681345917167",
    "32/19": "19ff86d12008125f",
    "32/20": "4df1b46f83aad40f",
    "32/21": "39858722f91adadf",
    "32/22": "a6c73725b6bff44f",
    "32/23": "efeeab9bf83cf925",
    "32/24": "de1f8cf1855b3ee6",
    "32/25": "3290cc62ea728c8f",
    "32/26": "05272938c77766ce",
    "32/27": "80f6ebc2c1d1ccd7",
    "32/28": "c932b6a39302f272",
    "32/29": "9024711fba0bf057",
    "32/30": "9e5533fd3356dd46",
    "32/31": "2f276e5713336d58",
    "32/32": "3dcad1709835df29",
    "32/33": "cca104acd48bb58b",  # caption "...: ..." (no space before the colon, 5a961fd)
    "32/34": "263fd95f1eb9f1b3",
    "32/35": "0071c619ed4564c8",
    "32/36": "754ac94cff99136a",
    "32/37": "555b9a1ec4d2bfbe",
    "32/38": "8d07cce9e7c5d648",
    "32/39": "f1fba316e78c1ce2",
    "64/500": "904d62d4c295ba60",
    "64/501": "d3ae6fd8a8695050",
    "64/502": "5c811807937f845f",
    "64/503": "6f363b9fb1796f6c",
    "64/504": "72098d3c77173b23",
    "64/505": "83ea3cf6523750db",
    "64/506": "a26198df135bc5cb",  # caption "...: ..." (no space before the colon, 5a961fd)
    "64/507": "5502c21f9e4f8485",
}


def digests() -> dict[str, str]:
    """{"size/seed": sha256 prefix of frames, their shape and the sample's metadata}."""
    names, out = list(all_families()), {}
    for size, fps, seeds in DRAWS:
        cfg = DatasetConfig(n=10**6, out="", size=size, fps=fps)
        for i in seeds:
            s = _sample(i, cfg, names, lambda *a, **k: generate(*a, audio_rate=0, **k))
            h = hashlib.sha256(s.frames.tobytes())
            h.update(str(s.frames.shape).encode())
            h.update(meta_encoder.encode(s.meta))
            out[f"{size}/{i}"] = h.hexdigest()[:16]
    return out


def test_samples_are_the_same_for_the_same_seeds():
    changed = {k: v for k, v in digests().items() if PINNED.get(k) != v}
    assert not changed, f"samples changed for {sorted(changed)} (see this file's docstring)"


if __name__ == "__main__":
    for key, value in digests().items():
        print(f'    "{key}": "{value}",')
