"""Generation: the simulated world and its dataset, the clip judges, audio and media I/O.

Domain package: it must not import `api` or `actors`, and it runs without a Ray cluster
(only `generation.world.dataset` starts Ray Data, as a batch job).
"""
