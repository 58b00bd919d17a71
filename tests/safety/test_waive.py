"""A category waived (a reviewer overturned a block of it on appeal) no longer blocks, and only
it: every other category, lexical or semantic, and sexual content involving minors still do."""

from __future__ import annotations

from generation.jobs.steps import prompt_safety_step


def test_a_waived_category_no_longer_blocks_and_only_it(classifier):
    stab = "a man stabs his neighbour with a knife"
    assert classifier.classify(stab).category == "graphic_violence"
    assert classifier.classify(stab, waive=frozenset({"graphic_violence"})).allowed
    assert not classifier.classify(stab, waive=frozenset({"sexual", "self_harm"})).allowed

    both = stab + ", then he lights a cigarette"  # smoking blocks for teens only
    assert classifier.classify(both, teen=True, waive=frozenset({"graphic_violence"})).category \
        == "dangerous_or_adult_themes"


def test_sexual_content_involving_minors_is_never_waived(classifier):
    prompt = "a man sharing a hotel room with a 13 year old girl he met online"
    assert classifier.classify(prompt).category == "sexual_minors"
    for waive in ({"sexual_minors"}, {"sexual"}, {"sexual", "sexual_minors", "graphic_violence"}):
        assert classifier.classify(prompt, waive=frozenset(waive)).category == "sexual_minors"


def test_the_chain_step_reads_the_waived_categories_from_the_state(classifier, step_verdict):
    from events.generation import GenerationRequested
    from generation.jobs.state import GenerationState

    request = GenerationRequested(generation_id="g", user_id="u", prompt="a man stabs his neighbour with a knife",
                                  style=None, characters=(), remix_of=None, shots=1, tier="standard", seed=0,
                                  teen=False, reservation="free")
    state = GenerationState(request=request, version=3, waived=frozenset({"graphic_violence"}))
    assert type(prompt_safety_step(state, classifier)).__name__ == "PromptApproved"
    assert step_verdict(request.prompt) == "graphic_violence"
