"""Making samples: pick a scenario's random parameters, simulate, frame the shots, write the
plan and caption, render the frames and synthesise the sound.

Defects for judging the judges enter here too: `tweaks` re-simulate the same random scene with
bent physics, and `edit` rewrites the simulated states before rendering (a teleport, a
vanishing object). Cameras, plan and caption always come from the clean simulation.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import numpy as np

from generation.audio.foley import synthesize
from generation.world.camera import FLOOR_MARGIN, MIN_EXTENT, frame_action
from generation.world.plan import STYLES, Camera, DialogueLine, ScenePlan, Shot, caption
from generation.world.render import render_clip, shot_frames
from generation.world.sample import Sample, SampleMeta
from generation.world.sandbox import ContactEvent
from generation.world.scenarios import Build, Tweaks, get_family
from generation.world.trace import Trace, run

MAX_ATTEMPTS = 24
LINES = ("Watch this!", "Here it comes.", "Did you see that?", "Nice one!", "Okay, my turn.",
         "Heads up!", "Let's go!", "That was close.")


class ScenarioError(RuntimeError):
    """A scenario could not produce a scene that shows what it promises."""


def simulate(scenario: str, seed: int, setting: str, fps: float,
             tweaks: Tweaks = Tweaks(), run_for: float | None = None) -> tuple[Build, Trace, Trace]:
    """Build and run `scenario` until a random draw shows its promised outcome.

    Returns the build, the clean trace, and the trace under `tweaks` (the same object when
    no tweak is asked). With `run_for` longer than the scene's own duration, the accepted
    draw (chosen as without it) is run again for that many seconds: the same scene, further
    on. Raises ScenarioError if no draw in MAX_ATTEMPTS succeeds.
    """
    fam = get_family(scenario)

    def staged(attempt: int, bent: Tweaks = Tweaks()) -> Build:  # the same draw, every time
        build = Build(random.Random(f"{scenario}:{seed}:{attempt}"), setting, bent)
        fam.build(build)
        return build

    for attempt in range(MAX_ATTEMPTS):
        try:
            build = staged(attempt)
        except ValueError:  # a random draw the scene cannot stage (an unreachable target)
            continue
        clean = run(build.sandbox, fps, build.duration_s)
        if build.accept is None or build.accept(build.sandbox):
            break
    else:
        raise ScenarioError(f"{scenario}: no draw showed the outcome in {MAX_ATTEMPTS} tries")
    duration = build.duration_s
    if run_for is not None and run_for > duration:  # accepted at its own length, then run on
        duration = run_for
        build = staged(attempt)
        clean = run(build.sandbox, fps, duration)
    if tweaks == Tweaks():
        return build, clean, clean
    return build, clean, run(staged(attempt, tweaks).sandbox, fps, duration)


def plan_shots(trace: Trace, n_shots: int, rng: random.Random,
               within: int | None = None) -> tuple[Shot, ...]:
    """One wide shot, or 2-4 consecutive shots (short jumps forward allowed) whose cameras
    alternate framings and follow the action of their stretch of time. With `within`, the
    cuts fall in the clip's first `within` frames (a model that sees only that many frames
    then sees every shot); a draw that cannot fit them all leaves later shots beyond it."""
    n = len(trace.states)
    if n_shots <= 1:
        return (Shot(0.0, n / trace.fps, frame_action(trace, 0, n, "wide"), "wide shot"),)
    span = min(n, within) if within else n
    cuts = sorted(rng.sample(range(int(span * 0.2), int(span * 0.85)), n_shots - 1))
    edges = [0, *cuts, n]
    shots, framing = [], "wide"
    for i in range(n_shots):
        start = edges[i] + (rng.randint(0, 3) if i else 0)
        stop = max(edges[i + 1], start + 6)
        cam = frame_action(trace, start, stop, framing)
        if shots:
            cam = distinct_framing(cam, shots[-1].camera, trace, start, stop)
        shots.append(Shot(start / trace.fps, min(stop, n) / trace.fps, cam, f"{framing} shot"))
        framing = rng.choice([f for f in ("wide", "medium", "close") if f != framing])
    return tuple(shots)


def distinct_framing(cam: Camera, prev: Camera, trace: Trace, start: int, stop: int) -> Camera:
    """A cut must look like one: if `cam` is within 30% of the previous zoom, zoom in (or out)
    by 1.45x around the first object's mean position over the shot, floor kept in view."""
    if abs(math.log(cam.extent_m / prev.extent_m)) >= math.log(1.3):
        return cam
    extent = prev.extent_m / 1.45 if prev.extent_m / 1.45 >= MIN_EXTENT["close"] else prev.extent_m * 1.45
    main = next(e.id for e in trace.entities if "." not in e.id)
    xs = [s.x for f in trace.states[start:stop] for s in f if s.id == main and abs(s.x) < 6]
    cx = sum(xs) / len(xs) if xs else cam.center_x
    bottom = -FLOOR_MARGIN[cam.framing] * extent
    return Camera(round(cx, 3), round(bottom + extent / 2, 3), round(extent, 3), cam.framing)


def _dialogue(build: Build, rng: random.Random) -> tuple[DialogueLine, ...]:
    speakers = [o.id for o in build.objects if o.kind == "figure"]
    if not speakers:
        return ()
    text = rng.choice(LINES)
    start = round(rng.uniform(0.1, 0.6), 2)
    return (DialogueLine(rng.choice(speakers), text, start, round(start + 0.3 * len(text.split()), 2)),)


def clip_contacts(trace: Trace, shots: tuple[Shot, ...]) -> tuple[ContactEvent, ...]:
    """Contacts that fall inside the shots, re-timed to clip seconds."""
    out, offset = [], 0.0
    for shot in shots:
        for c in trace.contacts:
            if shot.start_s <= c.time_s < shot.end_s:
                out.append(ContactEvent(offset + c.time_s - shot.start_s, c.a, c.b, c.material_a,
                                        c.material_b, c.impulse, c.speed, c.x, c.y))
        offset += shot.end_s - shot.start_s
    return tuple(out)


def generate(scenario: str, seed: int, *, width: int = 64, height: int = 64, fps: float = 24.0,
             style: str | None = None, time_of_day: str | None = None, setting: str | None = None,
             n_shots: int = 1, audio_rate: int = 16000, tweaks: Tweaks = Tweaks(),
             edit: Callable[[Trace, ScenePlan], Trace] | None = None, defect: str = "none",
             shots_within: int | None = None) -> Sample:
    """One sample of `scenario` drawn with `seed`; unspecified look choices are drawn too.
    `shots_within` puts a multi-shot sample's cuts in its first that many frames.

    Raises KeyError for an unknown scenario, ScenarioError if it cannot be staged.
    """
    fam = get_family(scenario)
    rng = random.Random(seed)
    setting = setting or rng.choice(fam.settings)
    style = style or rng.choice(STYLES)
    time_of_day = time_of_day or ("night" if rng.random() < 0.3 else "day")
    build, clean, trace = simulate(scenario, seed, setting, fps, tweaks)
    shots = plan_shots(clean, n_shots, rng, shots_within)
    plan = ScenePlan(tuple(build.objects), tuple(build.actions), setting, style, time_of_day,
                     shots[0].camera, shots, _dialogue(build, rng))
    if edit is not None:
        trace = edit(trace, plan)
    frames, world_index = render_clip(trace, plan, width, height, seed)
    contacts = clip_contacts(trace, shots)
    kinds = {e.id: e.kind for e in trace.entities}
    audio = (synthesize(contacts, kinds, setting, len(frames) / fps, audio_rate,
                        np.random.default_rng(seed)) if audio_rate else np.zeros(0, np.float32))
    shot_of = [i for i, s in enumerate(shots) for _ in shot_frames(s, fps, len(trace.states))]
    meta = SampleMeta(f"{scenario}-{seed}", scenario, seed, caption(plan, rng), plan, fps,
                      width, height, audio_rate, tuple(shot_of),
                      tuple(trace.states[k] for k in world_index), contacts, trace.entities, defect)
    return Sample(meta, frames, audio)
