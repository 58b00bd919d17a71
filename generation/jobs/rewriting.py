"""The rewriter as the jobs see it: a port, and one call that turns its errors into job errors.

The API calls it before accepting a request (a bad prompt is a 4xx at once, and costs no
quota); the chain's first step calls it again with the request's seed to record the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec

from generation.jobs.characters import Likeness
from generation.jobs.errors import InvalidGeneration, NothingToGenerate
from generation.rewriter import NothingToMake, PromptError, Rewrite
from generation.rewriter.parse import line_shots, quoted_lines
from generation.rewriter.plan_builder import dialogue_plan
from generation.world.plan import ObjectSpec, ScenePlan, describe


class Rewriter(Protocol):
    def rewrite(self, prompt: str, *, style: str | None = None, shots: int = 1,
                characters: tuple[str, ...] = (), seed: int = 0) -> Rewrite:
        ...


def rewrite(rewriter: Rewriter, prompt: str, style: str | None, shots: int,
            characters: tuple[str, ...], *, seed: int) -> Rewrite:
    """The plan for a prompt. Raises InvalidGeneration (unusable input) or NothingToGenerate
    (nothing asked for exists in the world; says what does)."""
    try:
        return rewriter.rewrite(prompt, style=style, shots=shots, characters=characters, seed=seed)
    except NothingToMake as error:
        raise NothingToGenerate(str(error), possible=tuple(error.possible)) from None
    except PromptError as error:
        raise InvalidGeneration(str(error)) from None


def order_text(prompt: str, shot_prompts: tuple[str, ...]) -> str:
    """The words the rewriter reads for a request: the prompt, then each shot's."""
    return " ".join(p.strip().rstrip(".") + "." for p in (prompt, *shot_prompts) if p.strip())


def rewrite_order(rewriter: Rewriter, prompt: str, shot_prompts: tuple[str, ...], style: str | None,
                  shots: int, characters: tuple[str, ...], *, seed: int) -> Rewrite:
    """The plan for a request, as the request check and the chain's rewrite step both see it. A
    request asked shot by shot makes one shot per shot prompt: the rewriter reads the prompt as
    a part of its own, so its plan has one shot too many, with the lines a shot late; here shot
    k is shot prompt k (its words its description), each line sits in the shot it is spoken in
    (spoken_lines), and the caption counts those shots. Raises InvalidGeneration /
    NothingToGenerate."""
    done = rewrite(rewriter, order_text(prompt, shot_prompts), style, shots, characters, seed=seed)
    if not shot_prompts:
        return done
    plan = done.plan
    kept = tuple(msgspec.structs.replace(s, description=text) for s, text in zip(plan.shots, shot_prompts))
    lines, where = spoken_lines(prompt, shot_prompts)
    speaker = plan.dialogue[0].speaker if plan.dialogue else "narrator"
    plan = msgspec.structs.replace(plan, shots=kept, dialogue=dialogue_plan(tuple(lines), tuple(where), speaker,
                                                                             len(kept)))
    return msgspec.structs.replace(done, plan=plan, caption=describe(plan, seed))


def spoken_lines(prompt: str, shot_prompts: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """(the quoted lines spoken, the shot each is spoken in): the prompt's lines where line_shots
    puts them (in the shot whose words hold them), then each shot prompt's own lines in its shot."""
    lines, shots = quoted_lines(prompt), line_shots(prompt)
    for k, text in enumerate(shot_prompts):
        own = quoted_lines(text)
        lines += own
        shots += [k] * len(own)
    return lines, shots


def shot_captions(plan: ScenePlan, rewriter: Rewriter, seed: int) -> tuple[str, ...]:
    """One caption per shot of `plan`: the video's world with what the shot's own words change
    (the whole plan's caption for a shot whose words change nothing). () for a single shot.
    What the chain's rewrite step records (PromptRewritten.shot_captions)."""
    from generation.jobs.changes import apply_change, read_change  # changes imports this module
    from generation.jobs.errors import JobError

    if len(plan.shots) < 2:
        return ()
    captions = []
    for i, shot in enumerate(plan.shots):
        shot_plan = plan
        if shot.description.strip():
            try:
                mappings, change = read_change(rewriter, shot.description, style=plan.style, seed=seed + i)
                shot_plan = apply_change(plan, mappings, change, style=plan.style)
            except JobError:  # words of no concept: the shot shows the whole plan
                shot_plan = plan
        captions.append(describe(msgspec.structs.replace(shot_plan, shots=(shot,)), seed + i))
    return tuple(captions)


def model_captions(done: Rewrite, rewriter: Rewriter, seed: int) -> tuple[str, ...]:
    """What the model is given for a rewritten request, one caption per shot: each shot's own
    (shot_captions) for several shots, else the rewrite's caption. The words the model was
    trained on (world captions), never the person's; the chain's sampler reads the same from
    what its rewrite step records (sampling.sampling_request), `reelworld generate` from here."""
    return shot_captions(done.plan, rewriter, seed) or (done.caption,)


def cast(plan: ScenePlan, likeness: tuple[Likeness, ...]) -> ScenePlan:
    """`plan` with each character in it: the plan's figures, in order, wear the characters'
    colours (dress), and the plan names them. The plan unchanged without characters."""
    if not likeness:
        return plan
    return msgspec.structs.replace(dress(plan, [who.colour for who in likeness]),
                                   characters=tuple(who.name for who in likeness))


def dress(plan: ScenePlan, colours: Sequence[str]) -> ScenePlan:
    """`plan` whose figures, in order, wear `colours` (the first figure is the one the model's
    appearance slot draws, and the first speaker); a colour beyond the plan's figures joins as
    a figure of its own."""
    objects, figures = list(plan.objects), [i for i, o in enumerate(plan.objects) if o.kind == "figure"]
    for k, colour in enumerate(colours):
        if k < len(figures):
            objects[figures[k]] = msgspec.structs.replace(objects[figures[k]], colour=colour)
        else:
            objects.append(ObjectSpec(f"obj{len(objects)}", "figure", colour, "medium", "cloth"))
    return msgspec.structs.replace(plan, objects=tuple(objects))
