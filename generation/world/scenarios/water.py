"""Water scenarios: floating and bobbing, sinking, splashing."""

from __future__ import annotations

from generation.world.scenarios import Build, family

WET = ("pool", "beach")


def _water(b: Build) -> float:
    surface = 1.6 if b.setting == "pool" else 1.4
    b.sandbox.add_floor(0.0, "tile" if b.setting == "pool" else "sand")
    b.sandbox.add_water(-40.0, 40.0, surface, 0.0)
    return surface


@family("beach_ball_float", WET, "a beach ball lands on the water, floats and bobs")
def beach_ball_float(b: Build) -> None:
    s = _water(b)
    b.ball("ball", "beach_ball", (b.uniform(-1.8, -0.6), s + b.uniform(1.0, 2.0)),
           (b.uniform(0.5, 1.5), b.uniform(0.0, 1.0)))
    b.act("float", "ball", outcome="float")
    b.duration_s = 3.0


@family("bowling_ball_sink", WET, "a bowling ball drops into water and sinks to the bottom")
def bowling_ball_sink(b: Build) -> None:
    s = _water(b)
    b.ball("ball", "bowling_ball", (b.uniform(-0.8, 0.8), s + b.uniform(0.8, 1.8)),
           (b.uniform(-0.5, 0.5), 0.0))
    b.act("sink", "ball", outcome="sink")
    b.duration_s = 3.0


@family("splash", WET, "a ball plunges into the water from high up with a splash")
def splash(b: Build) -> None:
    s = _water(b)
    kind = b.rng.choice(("basketball", "tennis_ball", "bowling_ball"))
    b.ball("ball", kind, (b.uniform(-0.8, 0.8), s + b.uniform(2.0, 2.6)), (0.0, 0.0))
    b.act("splash", "ball", outcome="sink" if kind == "bowling_ball" else "float")
    b.duration_s = 2.6


@family("float_and_sink", WET, "a beach ball floats while a bowling ball sinks beside it")
def float_and_sink(b: Build) -> None:
    s = _water(b)
    b.ball("floater", "beach_ball", (-1.2, s + b.uniform(0.8, 1.6)), (0.0, 0.0))
    b.ball("sinker", "bowling_ball", (1.2, s + b.uniform(0.8, 1.6)), (0.0, 0.0))
    b.act("float", "floater", outcome="float")
    b.act("sink", "sinker", outcome="sink")
    b.duration_s = 3.0


@family("crate_float", WET, "a wooden crate is dropped into the water and floats")
def crate_float(b: Build) -> None:
    s = _water(b)
    b.crate("crate", (b.uniform(-0.8, 0.8), s + b.uniform(1.0, 1.8)), angle=b.uniform(-0.3, 0.3))
    b.act("float", "crate", outcome="float")
    b.duration_s = 3.0


@family("tennis_ball_skim", WET, "a tennis ball is thrown low onto the water and floats")
def tennis_ball_skim(b: Build) -> None:
    s = _water(b)
    side = b.rng.choice((-1, 1))
    b.ball("ball", "tennis_ball", (-side * 2.2, s + b.uniform(1.2, 1.8)),
           (side * b.uniform(2.0, 3.0), b.uniform(0.0, 1.5)))
    b.act("float", "ball", outcome="float")
    b.duration_s = 2.8
