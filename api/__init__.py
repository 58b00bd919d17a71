"""Entrypoints: the Litestar HTTP app, the `reelworld` CLI, auth, request/response Structs.

Thin: handlers parse input, call the domain, map domain errors to problem details.
Nothing imports api/.
"""
