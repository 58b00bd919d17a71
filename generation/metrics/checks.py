"""The result of one check, shared by every judge."""

from __future__ import annotations

import msgspec


class CheckResult(msgspec.Struct, frozen=True):
    """`passed` is None when the check does not apply to the clip (nothing to judge)."""

    name: str
    passed: bool | None
    detail: str = ""
    value: float | None = None


def not_applicable(name: str, why: str) -> CheckResult:
    return CheckResult(name, None, why)
