"""The runtime: everything a process needs, built once from Settings and shared by the HTTP
app and the CLI (store, key vault, projectors, the social services, generation jobs and the
chain that runs them).

`open_runtime` migrates the database, wires the services with the injected clock, password
hasher and payment gateway, and catches the read models up.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher

from api.watch import InboxWatch
from cluster.settings import Settings
from cluster.read_models import all_projections, feed_index_of
from events import KeyVault, Projector, SqlEventStore, open_store
from events.clock import Clock, utc_now
from generation.jobs import (
    DEFAULT_CHAIN,
    ChainConfig,
    ChainRunner,
    FixedCatalog,
    GenerationService,
    LocalSteps,
    MediaStore,
    ModelCatalog,
    Sweeper,
    WeightsCatalog,
    media_store,
)
from generation.jobs import chain_config as chain_config_from
from generation.jobs.components import WEIGHTS_ROOT, Lazy, shared_classifier, shared_rewriter
from recsys.embeddings import shared_embedder
from recsys.feed import FeedConfig, FeedService
from recsys.posts import PostBoard
from safety.likeness import CharacterDirectory
from safety.review import ReportDesk, ReviewDesk, remix_holds_after
from social.inbox import InboxProjection
from social.quiet import QuietHoursService
from social import (
    AccountService,
    Directory,
    FollowService,
    GuardianService,
    Inbox,
    InviteService,
    PaymentGateway,
    QuotaPolicy,
    QuotaService,
    TestModeGateway,
)

if TYPE_CHECKING:
    from generation.model.backend import VideoGenerator


log = logging.getLogger(__name__)


class Runtime:
    """The store, the vault, the projectors, the social and generation services of one process,
    and the directory of characters (`characters`: who may use whose likeness)."""

    def __init__(
        self, settings: Settings, store: SqlEventStore, *, clock: Clock,
        gateway: PaymentGateway, hasher: PasswordHasher,
        generator: Callable[[], VideoGenerator] | None = None, media: MediaStore | None = None,
        chain_config: ChainConfig = DEFAULT_CHAIN, rng: random.Random | None = None,
        models: ModelCatalog | None = None,
    ) -> None:
        self.settings, self.store, self.clock = settings, store, clock
        self.vault = KeyVault(store.engine, clock=clock)
        self.feed_index = feed_index_of(settings)
        self.projectors = [Projector(store, p) for p in all_projections(self.vault, self.feed_index)]
        self.remix_holds = remix_holds_after(store, self.projectors)
        """Carries reviewers' removals down the remix tree, and restorations back (after the decision)."""
        self.gateway = gateway
        self.directory = Directory(store.engine)
        self.guardians = GuardianService(
            store, self.directory, clock=clock, link_ttl=timedelta(hours=settings.guardian_link_ttl_hours),
            teen_daily_limit=settings.teen_daily_generation_limit, teen_feed_daily_items=settings.teen_feed_daily_items,
        )
        self.quiet_hours = QuietHoursService(store, self.directory, self.guardians)
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
        self.characters = CharacterDirectory(store, self.vault, self.directory, clock=clock)
        self.reviews = ReviewDesk(store, self.directory, clock=clock)
        if models is None and generator is not None:
            models = FixedCatalog({chain_config.default_model: generator})
        models = models or WeightsCatalog(settings.weights_dir or WEIGHTS_ROOT)
        self._wire_generation(models, media or media_store(settings.media_location), chain_config, rng)
        self.posts = PostBoard(store, self.directory, self.characters, self.classifier, clock=clock)
        self.inbox = Inbox(store, self.directory, visible=self.posts.visible)
        self.inbox_watch = InboxWatch(next(p for p in self.projectors if p.projection.name == InboxProjection.name))
        """Whose inboxes changed (for `GET /v1/notifications/stream`)."""
        self.reports = ReportDesk(store, self.directory, self.reviews, audience=self.posts.may_see, clock=clock)
        self.posts.remix_holds = self.reports.remix_holds
        self.generations.shared_with = lambda user_id, video_id: (
            self.posts.may_see(user_id, video_id) or self.reports.may_review(user_id, video_id))
        self.generations.shared_among = lambda user_id, video_ids: set(self.posts.visible(user_id, video_ids))
        self.generations.remixable_by = self.posts.may_remix
        self.chain.remixes = self.posts.may_remix_source
        self.feed = FeedService(store, self.directory, self.guardians, self.posts, self.feed_index, shared_embedder,
                                clock=clock, config=FeedConfig(teen_daily_items=settings.teen_feed_daily_items),
                                quiet_hours=self.quiet_hours)

    def _wire_generation(
        self, models: ModelCatalog, media: MediaStore, config: ChainConfig, rng: random.Random | None,
    ) -> None:
        self.media = media
        self.models, self.chain_config = models, config
        s = self.settings
        rewriter = Lazy(functools.partial(shared_rewriter, s.rewriter_url, s.rewriter_model, s.rewriter_api_key))
        classifier = self.classifier = Lazy(shared_classifier)
        self.generations = GenerationService(
            self.store, self.directory, self.quota, self.media, rewriter, models=models, clock=self.clock,
            config=config, rng=rng, characters=self.characters,
        )
        self.chain = ChainRunner(self.store, self.quota, LocalSteps(
            self.media, rewriter=rewriter, classifier=classifier, models=models, config=config,
        ), self.media, characters=self.characters)
        self.sweeper = Sweeper(self.store, self.quota, self.media, clock=self.clock,
                               keep_unpublished=timedelta(days=s.unpublished_media_days))

    def catch_up(self) -> None:
        """Bring every read model up to the end of the log (read-after-write for commands), and
        the remix holds that follow from it (again the read models, when it appended any)."""
        for projector in self.projectors:
            projector.catch_up()
        try:
            held = self.remix_holds.catch_up()
        except Exception:  # the command's write stands; its checkpoint did not move: the next run tries again
            log.exception("the remix holds could not follow the log now; the projector host tries again")
            held = 0
        if held:
            for projector in self.projectors:
                projector.catch_up()

    def close(self) -> None:
        self.inbox_watch.close()
        self.chain.leases.close()
        self.store.engine.dispose()


def open_runtime(
    settings: Settings, *, clock: Clock = utc_now, gateway: PaymentGateway | None = None,
    hasher: PasswordHasher | None = None, generator: Callable[[], VideoGenerator] | None = None,
    chain_config: ChainConfig | None = None, rng: random.Random | None = None,
    models: ModelCatalog | None = None, media: MediaStore | None = None,
) -> Runtime:
    """Open (and migrate) the store of `settings` and build the runtime.

    `gateway` defaults to the TestModeGateway (no real money moves); `hasher` to argon2's
    recommended parameters (tests pass cheaper ones); `chain_config` to the defaults with
    settings.chain's overrides (REELWORLD_CHAIN: steps, tiers, capacity...); `models` to the
    checkpoints under settings.weights_dir or generation/weights (each loaded on first use), or
    `generator` alone as the config's default model; `rng` draws the generations' seeds; `media`
    to the store at settings.media_location (a directory or an fsspec URL). Raises ConfigError
    for chain overrides that name no knob.
    """
    store = open_store(settings.database_url, clock=clock)
    runtime = Runtime(
        settings, store, clock=clock, gateway=gateway or TestModeGateway(),
        hasher=hasher or PasswordHasher(), generator=generator,
        chain_config=chain_config or chain_config_from(settings.chain), rng=rng, models=models, media=media,
    )
    runtime.catch_up()
    return runtime
