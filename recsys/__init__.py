"""Recommendations: embeddings, the LanceDB index, instruction parser, candidates, reranker,
wellbeing, explanations, batch indexing (Ray Data).

Domain code: must not import api/ or actors/. (The instructed-feed issue brings it.)
"""
