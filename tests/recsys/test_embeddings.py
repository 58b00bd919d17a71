import numpy as np
from transformers.utils import logging as transformers_logging

from recsys.embeddings import MiniLMEmbedder


def test_loading_draws_no_progress_bar_and_leaves_the_setting_as_it_was(capfd):
    transformers_logging.enable_progress_bar()
    vectors = MiniLMEmbedder().embed(["a ball bounces in a gym", "a ball bounces in a gym"])
    out, err = capfd.readouterr()
    assert "Loading weights" not in out + err and "it/s" not in out + err
    assert transformers_logging.is_progress_bar_enabled()  # other code's bars are untouched
    assert vectors.shape == (2, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[1])
