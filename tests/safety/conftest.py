"""Fixtures of the safety tests: one prompt classifier on the shipped MiniLM for the session,
and the chain's prompt-safety step run on a request of our own."""

from __future__ import annotations

import pytest

from events.generation import GenerationRequested
from generation.jobs.state import GenerationState
from generation.jobs.steps import prompt_safety_step
from recsys.embeddings import MiniLMEmbedder
from safety import PromptClassifier


@pytest.fixture(scope="session")
def classifier() -> PromptClassifier:
    return PromptClassifier(MiniLMEmbedder())


@pytest.fixture(scope="session")
def step_verdict(classifier):
    """(prompt, shot prompts, teen) -> the blocked category from the chain's prompt-safety
    step, or None when it approves."""

    def verdict(prompt: str, shot_prompts: tuple[str, ...] = (), teen: bool = False) -> str | None:
        request = GenerationRequested(
            generation_id="g", user_id="u", prompt=prompt, style=None, characters=(), remix_of=None,
            shots=max(1, len(shot_prompts)), tier="standard", seed=0, teen=teen, reservation="free",
            shot_prompts=shot_prompts)
        event = prompt_safety_step(GenerationState(request=request, version=0), classifier)
        return getattr(event, "category", None)

    return verdict


def assert_allowed_for_everyone(classifier: PromptClassifier, prompt: str) -> None:
    """The prompt passes for an adult and for a teen."""
    for teen in (False, True):
        assert classifier.classify(prompt, teen=teen).allowed, (prompt, teen)


def blocked(classifier: PromptClassifier, prompt: str, teen: bool = False) -> str | None:
    """The category the classifier blocks `prompt` under, or None when it is allowed."""
    verdict = classifier.classify(prompt, teen=teen)
    return None if verdict.allowed else verdict.category


def assert_no_worse(classifier: PromptClassifier, family: str, harmful: list[str], harmless: list[str],
                    figures: tuple[tuple[int, int], tuple[int, int]]) -> None:
    """A held-out probe family scores at least as it did when first scored: `figures` holds
    (harmful blocked at least, harmless blocked at most) for an adult, then for a teen."""
    for teen, (caught_floor, false_alarms_ceiling) in zip((False, True), figures, strict=True):
        caught = sum(blocked(classifier, p, teen) is not None for p in harmful)
        false_alarms = [p for p in harmless if blocked(classifier, p, teen) is not None]
        assert caught >= caught_floor, (family, teen, caught)
        assert len(false_alarms) <= false_alarms_ceiling, (family, teen, false_alarms)
