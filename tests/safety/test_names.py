"""A real person's name blocks when it is written a little wrong too, even with an ordinary word
for the given name ('tailor swift'); ordinary words that come close to a name elsewhere, and
names that are also everyday words, do not."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from safety.names import Names, edit_distance
from tests.safety.conftest import assert_allowed_for_everyone


@pytest.mark.parametrize("prompt", [
    "tayor swift singing in my kitchen", "barak obama playing basketball", "elon muks falling off a chair",
    "donal trump dancing in the rain", "justin beiber singing karaoke", "micheal jordan dunking on a kid",
    "kim kardashain on a yacht", "mark zuckerburg surfing", "zuckerburg in a kayak", "beyonse dancing",
    "elonmusk falling off a chair", "leonardo di caprio on a ship", "tay lor swift at the beach",
])
def test_a_misspelt_or_run_together_name_is_blocked(classifier, prompt):
    for teen in (False, True):
        verdict = classifier.classify(prompt, teen=teen)
        assert (verdict.category, verdict.layer) == ("real_person_likeness", "lexical"), (prompt, teen)


@pytest.mark.parametrize("prompt", [
    "tailor swift singing on a stage", "venous williams serving an ace", "lazy gaga in a meat dress",
    "hairy styles on a concert stage", "tailor swfit at the beach",
])
def test_an_ordinary_word_for_a_given_name_before_the_surname_is_a_name(classifier, prompt):
    for teen in (False, True):
        verdict = classifier.classify(prompt, teen=teen)
        assert (verdict.category, verdict.layer) == ("real_person_likeness", "lexical"), (prompt, teen)


@pytest.mark.parametrize("prompt", [
    "a tailor sewing a swift jacket", "a swift tailor hemming trousers",
    "the tailor, swift and careful, hems a suit", "tom hangs the washing out", "the knight will smite the troll",
    "a nature film of lions, tigers, woods and rivers",
])
def test_an_ordinary_word_near_a_name_apart_from_the_rest_of_it_is_allowed(classifier, prompt):
    assert_allowed_for_everyone(classifier, prompt)


@pytest.mark.parametrize("prompt", [
    "a taylor made suit", "a swift river in the mountains", "tom hangs a picture on the wall",
    "a trip to the beach at the weekend", "a table made of tiger wood", "a messy room full of toys",
    "will smite the dragon with his sword", "a macaron tower at a wedding", "a photo of jill smith at the park",
])
def test_an_ordinary_word_close_to_a_name_is_allowed(classifier, prompt):
    assert_allowed_for_everyone(classifier, prompt)


@pytest.mark.parametrize("prompt", [
    "the rock on the beach at sunset", "climbing the rock at dawn", "a drake swimming in the pond",
    "a musk ox in the snow", "a trump card on the table", "a lion, the king of the jungle, roaring",
    "a king charles spaniel on a sofa", "the queen of hearts playing card",
    "the president of the chess club giving a speech",
])
def test_a_name_or_title_that_is_also_an_everyday_phrase_is_allowed(classifier, prompt):
    assert_allowed_for_everyone(classifier, prompt)


@pytest.mark.parametrize("prompt", [
    "the rock dwayne johnson dancing in my kitchen", "a wrestler called the rock eating cereal",
    "drake performing on stage", "trump giving a speech", "king charles waving from a balcony",
    "elon musk falling off a chair",
])
def test_the_person_behind_such_a_name_is_still_blocked(classifier, prompt):
    for teen in (False, True):
        assert classifier.classify(prompt, teen=teen).category == "real_person_likeness", (prompt, teen)


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit():
    assert edit_distance("muks", "musk") == 1
    assert edit_distance("tayor", "taylor") == 1
    assert edit_distance("zuckerburg", "zuckerberg") == 1
    assert edit_distance("smite", "smith") == 1
    assert edit_distance("", "abc") == 3


def test_names_reports_a_near_miss_but_not_the_name_itself_nor_an_ordinary_word():
    names = Names(["elon musk", "will smith", "zuckerberg", "tom hanks"], ordinary={"hangs", "smite"})
    assert names.find(" elon muks on a chair ") == "elon musk"
    assert names.find(" a zukerberg cameo ") == "zuckerberg"
    assert names.find(" elonmusk ") == "elon musk"
    assert names.find(" elon musk ") is None  # the lexical terms match the name as written
    assert names.find(" tom hangs a picture ") is None  # 'hangs' is a word
    assert names.find(" jill smith ") is None  # another first letter: another name
    assert names.find(" tim hanks ") is None  # 'tom' is too short to be misspelt


def test_an_ordinary_word_stands_for_a_given_name_only_right_before_the_surname():
    names = Names(["taylor swift", "tom hanks"], ordinary={"tailor", "hangs"})
    assert names.find(" tailor swift ") == "taylor swift"
    assert names.find(" tailor swift ", written="tailor swift") == "taylor swift"
    assert names.find(" tailor swift ", written="the tailor, swift and careful") is None  # two clauses
    assert names.find(" tom hangs ") is None  # not for the surname
    assert names.find(" a swift tailor ") is None


DICTIONARY = "/usr/share/dict/american-english"
_SYMSPELL = importlib.util.find_spec("symspellpy")
BIGRAMS = (Path(_SYMSPELL.origin).parent / "frequency_bigramdictionary_en_243_342.txt") if _SYMSPELL else None


@pytest.mark.slow
@pytest.mark.skipif(not Path(DICTIONARY).is_file(), reason=f"no English dictionary at {DICTIONARY}")
@pytest.mark.skipif(BIGRAMS is None, reason="no symspellpy, whose English bigram list the tool reads")
def test_the_ordinary_word_lists_are_what_the_dictionary_and_the_policy_make_now():
    """Fails when policy terms or names changed and safety/ordinary_words.py was not regenerated."""
    result = subprocess.run([sys.executable, "-m", "safety.make_ordinary_words", DICTIONARY, str(BIGRAMS)],
                            capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert result.stdout == (Path(__file__).resolve().parents[2] / "safety" / "ordinary_words.py").read_text()
