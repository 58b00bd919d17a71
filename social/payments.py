"""The payment port, and its test-mode adapter.

`PaymentGateway` is what the ledger charges through. `TestModeGateway` is a FAKE: it moves no
money and talks to no processor. It exists because a real card processor cannot run here; it
accepts the test card tokens "tok_visa", "tok_mastercard" and "tok_amex" and declines
"tok_declined" (and any token it does not know), the way processors' test modes do. A
deployment that takes real money supplies its own PaymentGateway.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

import msgspec

from social.errors import PaymentDeclined

TEST_CARDS = frozenset({"tok_visa", "tok_mastercard", "tok_amex"})


class Charge(msgspec.Struct, frozen=True, kw_only=True):
    charge_id: str
    amount_cents: int


class PaymentGateway(Protocol):
    def charge(self, card_token: str, amount_cents: int, *, idempotency_key: str) -> Charge:
        """Charge the card. Raises PaymentDeclined. Same key, same charge (retries are safe)."""
        ...


class TestModeGateway:
    """Fake gateway for tests and local runs: accepts test card tokens, declines "tok_declined"."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self.charges: dict[str, Charge] = {}

    def charge(self, card_token: str, amount_cents: int, *, idempotency_key: str) -> Charge:
        if card_token == "tok_declined":
            raise PaymentDeclined("the card was declined (test mode)")
        if card_token not in TEST_CARDS:
            raise PaymentDeclined(
                f"unknown card token {card_token!r}; test mode accepts {', '.join(sorted(TEST_CARDS))}"
            )
        if amount_cents <= 0:
            raise PaymentDeclined("the amount must be positive")
        known = self.charges.get(idempotency_key)
        if known is None:
            digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
            known = self.charges[idempotency_key] = Charge(charge_id=f"ch_test_{digest}", amount_cents=amount_cents)
        return known
