"""Defects injected into otherwise clean simulated clips, each aimed at one judge.

Physics defects re-simulate the same random scene with bent physics; state defects edit the
simulated trace before rendering (a teleport, a vanishing object, the main object drawn as
another kind than the plan asks for); pixel and audio defects edit the finished sample (a
sound track shifted late, or made again without its splashes while the picture still shows
them).
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import numpy as np

from generation.audio.foley import synthesize
from generation.world.camera import to_pixels
from generation.world.catalog import radius_of
from generation.world.generate import ScenarioError, generate
from generation.world.plan import ScenePlan
from generation.world.sample import Sample
from generation.world.scenarios import Tweaks
from generation.world.trace import Trace


class NotShown(ScenarioError):
    """The injected defect never shows in the picture (a ball that passes the board's plane
    only outside the frame, or is turned back by the rim first): the clip tests nothing."""


class Defect(msgspec.Struct, frozen=True):
    """A named defect, the check that must catch it, and the scenarios it applies to."""

    name: str
    check: str
    scenarios: tuple[str, ...]
    label: str = ""
    """What the defect's figures are reported under, where one defect is tried on two kinds of scene."""

    @property
    def shown_as(self) -> str:
        return self.label or self.name


WATER_DEFECTS = (
    Defect("audio_shift_150ms", "av_sync", ("splash", "bowling_ball_sink", "crate_float"), "audio_shift_150ms_splash"),
    Defect("splash_removed", "av_sync", ("splash", "bowling_ball_sink", "crate_float")),
)
DEFECTS = (
    Defect("shuffled_frames", "continuity", ("ball_drop", "ball_toss_bounce", "lob", "wall_bounce")),
    Defect("teleport", "continuity", ("ball_drop", "ball_toss_bounce", "lob", "wall_bounce")),
    Defect("reversed_gravity", "gravity", ("ball_drop", "lob", "ball_toss_bounce")),
    Defect("doubled_gravity", "gravity", ("ball_drop", "lob", "ball_toss_bounce")),
    Defect("energy_gain", "restitution", ("ball_drop", "two_ball_drop", "ball_toss_bounce")),
    Defect("vanish", "permanence", ("ball_drop", "lob", "ball_toss_bounce", "wall_bounce")),
    Defect("through_backboard", "solidity", ("missed_shot_backboard",)),
    Defect("floater_sinks", "buoyancy", ("beach_ball_float", "float_and_sink", "crate_float")),
    Defect("audio_shift_150ms", "av_sync", ("ball_drop", "two_ball_drop", "wall_bounce")),
    # a water entry is the only contact of most of these clips: av_sync sees it through the
    # water line the report reads for each shot
    *WATER_DEFECTS,
)
# Not physics: what the prompt asked for, drawn as something else (prompt adherence).
KIND_DEFECTS = (
    Defect("wrong_ball_kind", "objects", ("ball_drop", "ball_toss_bounce", "lob", "wall_bounce",
                                           "ramp_roll", "beach_ball_float", "bowling_ball_drop")),
    Defect("ball_drawn_as_crate", "objects", ("ball_drop", "ball_toss_bounce", "lob", "ramp_roll",
                                               "beach_ball_float", "bowling_ball_drop")),
    Defect("crate_drawn_as_ball", "objects", ("crate_drop", "crate_slide", "crate_ramp_slide",
                                               "crate_float")),
)
# The ball drawn in place of the planned one: the kind furthest from it in size.
OTHER_BALL = {"basketball": "tennis_ball", "tennis_ball": "beach_ball", "beach_ball": "tennis_ball",
              "bowling_ball": "beach_ball"}
TWEAKS = {
    "reversed_gravity": Tweaks(gravity_scale=-1.0),
    "doubled_gravity": Tweaks(gravity_scale=2.0),
    "energy_gain": Tweaks(bounce_gain=1.3),
    "through_backboard": Tweaks(board_passable=True),
    "floater_sinks": Tweaks(floaters_sink=True),
}


def _main_object(trace: Trace) -> str:
    return next(e.id for e in trace.entities if "." not in e.id)


def teleport(trace: Trace, plan: ScenePlan, at: float = 0.45, jump: float = 0.35) -> Trace:
    """From `at` (fraction of the clip) on, the main object is `jump` of the picture's width
    away, sideways toward the middle of the first shot so that it stays in view."""
    oid, k0 = _main_object(trace), int(len(trace.states) * at)
    cam = plan.shots[0].camera
    x0 = next(s.x for s in trace.states[k0] if s.id == oid)
    dx = jump * cam.extent_m * (1.0 if x0 < cam.center_x else -1.0)
    states = tuple(frame if k < k0 else tuple(
        msgspec.structs.replace(s, x=s.x + dx) if s.id == oid else s for s in frame)
        for k, frame in enumerate(trace.states))
    return msgspec.structs.replace(trace, states=states)


def vanish(trace: Trace, plan: ScenePlan, at: float = 0.45) -> Trace:
    """From `at` on, the main object is gone from the picture (and makes no more sound)."""
    oid, k0 = _main_object(trace), int(len(trace.states) * at)
    states = tuple(frame if k < k0 else tuple(s for s in frame if s.id != oid)
                   for k, frame in enumerate(trace.states))
    t0 = k0 / trace.fps
    contacts = tuple(c for c in trace.contacts if c.a != oid or c.time_s < t0)
    return msgspec.structs.replace(trace, states=states, contacts=contacts)


def drawn_as(kind_for: Callable[[str], str]) -> Callable[[Trace, ScenePlan], Trace]:
    """An edit that draws the main object as `kind_for(its kind)` (same colour, same motion,
    the new kind's radius for its size) while the plan still asks for the old kind."""
    def edit(trace: Trace, plan: ScenePlan) -> Trace:
        oid = _main_object(trace)
        entities = tuple(_redrawn(e, kind_for(e.kind)) if e.id == oid else e for e in trace.entities)
        return msgspec.structs.replace(trace, entities=entities)
    return edit


def _redrawn(e, kind: str):
    return msgspec.structs.replace(e, kind=kind, radius=radius_of(kind, e.size))


EDITS: dict[str, Callable[[Trace, ScenePlan], Trace]] = {
    "teleport": teleport, "vanish": vanish,
    "wrong_ball_kind": drawn_as(lambda k: OTHER_BALL.get(k, k)),
    "ball_drawn_as_crate": drawn_as(lambda k: "crate" if k in OTHER_BALL else k),
    "crate_drawn_as_ball": drawn_as(lambda k: "basketball" if k == "crate" else k),
}


def crosses_board_in_view(sample: Sample, trace: Trace) -> bool:
    """Whether the main object's centre passes the backboard's plane from the rim's side,
    within the board's height, at a point the frame shows (a ball radius inside its edges)."""
    hoop = next((st.params for st in trace.statics if st.name == "hoop"), None)
    if hoop is None:
        return False
    board_x, rim_y, front = hoop
    main = next(e for e in sample.meta.entities if "." not in e.id)
    track = [next((s for s in frame if s.id == main.id), None) for frame in sample.meta.states]
    w, h = sample.meta.width, sample.meta.height
    for k in range(1, len(track)):
        a, b = track[k - 1], track[k]
        shot = sample.meta.shot_of_frame[k]
        if a is None or b is None or shot != sample.meta.shot_of_frame[k - 1]:
            continue
        if (a.x - board_x) * (b.x - board_x) >= 0 or (a.x - board_x) * (front - board_x) <= 0:
            continue
        y = a.y + (board_x - a.x) / (b.x - a.x) * (b.y - a.y)
        if not rim_y - 0.3 - main.radius < y < rim_y + 1.1 + main.radius:
            continue
        scale, ox, oy = to_pixels(sample.meta.plan.shots[shot].camera, w, h)
        px, py, r = ox + scale * board_x, oy - scale * y, scale * main.radius
        if r < px < w - r and r < py < h - r:
            return True
    return False


def without_splashes(sample: Sample) -> np.ndarray:
    """The sample's sound track made again from its contacts less the water entries (the
    same ambience and other impacts, drawn from its seed as `generate` drew them); the
    frames, splash and all, are left as they are."""
    meta = sample.meta
    dry = [c for c in meta.contacts if c.b != "water"]
    kinds = {e.id: e.kind for e in meta.entities}
    return synthesize(dry, kinds, meta.plan.setting, len(sample.frames) / meta.fps, meta.audio_rate,
                      np.random.default_rng(meta.seed))


SHOWN: dict[str, Callable[[Sample, Trace], bool]] = {"through_backboard": crosses_board_in_view}


def inject(name: str, scenario: str, seed: int, **render) -> Sample:
    """The clip `scenario`/`seed` with defect `name`; `render` passes width, style, etc.
    Raises NotShown where the defect would not be in the picture."""
    if name in TWEAKS or name in EDITS:
        seen: list[Trace] = []

        def edit(trace: Trace, plan: ScenePlan) -> Trace:
            seen.append(trace)
            return EDITS[name](trace, plan) if name in EDITS else trace

        s = generate(scenario, seed, tweaks=TWEAKS.get(name, Tweaks()), edit=edit, defect=name,
                     **render)
        if name in SHOWN and not SHOWN[name](s, seen[0]):
            raise NotShown(f"{name} in {scenario}/{seed} is not in the picture")
        return s
    clean = generate(scenario, seed, **render)
    if name == "shuffled_frames":
        order = np.random.default_rng(seed).permutation(len(clean.frames))
        return msgspec.structs.replace(clean, frames=clean.frames[order],
                                       meta=msgspec.structs.replace(clean.meta, defect=name))
    if name == "audio_shift_150ms":
        shift = int(0.150 * clean.meta.audio_rate)
        audio = np.concatenate([np.zeros(shift, np.float32), clean.audio[:-shift]])
        return msgspec.structs.replace(clean, audio=audio,
                                       meta=msgspec.structs.replace(clean.meta, defect=name))
    if name == "splash_removed":
        return msgspec.structs.replace(clean, audio=without_splashes(clean),
                                       meta=msgspec.structs.replace(clean.meta, defect=name))
    raise KeyError(f"unknown defect {name!r}")
