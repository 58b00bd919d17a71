"""The runtime: everything a process needs, built once from Settings and shared by the HTTP
app and the CLI (store, key vault, projectors, the social services).

`open_runtime` migrates the database, wires the services with the injected clock, password
hasher and payment gateway, and catches the read models up.
"""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher

from cluster.settings import Settings
from events import KeyVault, Projector, SqlEventStore, open_store
from events.clock import Clock, utc_now
from social import (
    AccountService,
    Directory,
    FollowService,
    GuardianService,
    InviteService,
    PaymentGateway,
    QuotaPolicy,
    QuotaService,
    TestModeGateway,
    social_projections,
)


class Runtime:
    """The store, the vault, the projectors and the social services of one process."""

    def __init__(
        self, settings: Settings, store: SqlEventStore, *, clock: Clock,
        gateway: PaymentGateway, hasher: PasswordHasher,
    ) -> None:
        self.settings, self.store, self.clock = settings, store, clock
        self.vault = KeyVault(store.engine, clock=clock)
        self.projectors = [Projector(store, p) for p in social_projections(self.vault)]
        self.gateway = gateway
        self.directory = Directory(store.engine)
        self.guardians = GuardianService(
            store, self.directory, clock=clock, link_ttl=timedelta(hours=settings.guardian_link_ttl_hours)
        )
        self.accounts = AccountService(
            store, self.vault, self.directory, self.guardians, clock=clock, hasher=hasher,
            token_ttl=timedelta(hours=settings.token_ttl_hours),
        )
        self.invites = InviteService(
            store, self.directory, clock=clock, ttl=timedelta(days=settings.invite_ttl_days),
            per_member=settings.invites_per_member,
        )
        self.follows = FollowService(store, self.directory)
        self.quota = QuotaService(store, self.directory, self.guardians, gateway, QuotaPolicy(
            daily_free=settings.daily_free_generations,
            teen_daily_free=settings.teen_daily_free_generations,
            teen_daily_limit=settings.teen_daily_generation_limit,
            credit_price_cents=settings.credit_price_cents,
        ), clock=clock)

    def catch_up(self) -> None:
        """Bring every read model up to the end of the log (read-after-write for commands)."""
        for projector in self.projectors:
            projector.catch_up()

    def close(self) -> None:
        self.store.engine.dispose()


def open_runtime(
    settings: Settings, *, clock: Clock = utc_now, gateway: PaymentGateway | None = None,
    hasher: PasswordHasher | None = None,
) -> Runtime:
    """Open (and migrate) the store of `settings` and build the runtime.

    `gateway` defaults to the TestModeGateway (no real money moves); `hasher` to argon2's
    recommended parameters (tests pass cheaper ones).
    """
    store = open_store(settings.database_url, clock=clock)
    runtime = Runtime(
        settings, store, clock=clock, gateway=gateway or TestModeGateway(),
        hasher=hasher or PasswordHasher(),
    )
    runtime.catch_up()
    return runtime
