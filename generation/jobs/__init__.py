"""Generation jobs: requesting a generation (idempotent, paid from the quota), the chain that
advances it step by step from its event stream, cancel and delete, the read models, and the
media store that holds the frames and videos.

Domain code: must not import api/, actors/ or Ray (actors/chain.py hosts the steps on Serve).
"""

from generation.jobs.chain import ChainRunner, LocalSteps, Steps, expected_failures
from generation.jobs.characters import Characters, CharacterUnavailable, NoCharacters
from generation.jobs.config import DEFAULT_CHAIN, TIERS, ChainConfig, ConfigError, chain_config
from generation.jobs.errors import (
    AtCapacity,
    GenerationNotFound,
    IdempotencyKeyReused,
    InvalidGeneration,
    JobError,
    ModelUnavailable,
    NotCancellable,
    NothingToGenerate,
    SourceGone,
    UnknownModel,
    VideoNotFound,
)
from generation.jobs.leases import GenerationLeased, GenerationLeases
from generation.jobs.media import FsspecMediaStore, LocalMediaStore, MediaNotFound, MediaStore, media_store
from generation.jobs.models import FixedCatalog, ModelCatalog, ModelInfo, WeightsCatalog, choose_model
from generation.jobs.projection import GenerationsProjection
from generation.jobs.rewriting import Rewriter
from generation.jobs.service import (
    GenerationOrder,
    GenerationService,
    GenerationView,
    StepView,
    VideoView,
    generation_stream,
)
from generation.jobs.state import STEPS, GenerationState, fold, video_id_of
from generation.jobs.sweeper import Sweeper, SweepReport
from generation.jobs.worker import ChainWorker, start_worker

__all__ = [
    "DEFAULT_CHAIN", "STEPS", "TIERS",
    "AtCapacity",
    "ChainConfig",
    "ChainRunner",
    "ChainWorker",
    "CharacterUnavailable",
    "Characters",
    "ConfigError",
    "FixedCatalog",
    "FsspecMediaStore",
    "GenerationLeased",
    "GenerationLeases",
    "GenerationNotFound",
    "GenerationOrder",
    "GenerationService",
    "GenerationState",
    "GenerationView",
    "GenerationsProjection",
    "IdempotencyKeyReused",
    "InvalidGeneration",
    "JobError",
    "LocalMediaStore",
    "LocalSteps",
    "MediaNotFound",
    "MediaStore",
    "ModelCatalog",
    "ModelInfo",
    "ModelUnavailable",
    "NoCharacters",
    "NotCancellable",
    "NothingToGenerate",
    "Rewriter",
    "SourceGone",
    "StepView",
    "Steps",
    "SweepReport",
    "Sweeper",
    "UnknownModel",
    "VideoNotFound",
    "VideoView",
    "WeightsCatalog",
    "chain_config",
    "choose_model",
    "expected_failures",
    "fold",
    "generation_stream",
    "media_store",
    "start_worker",
    "video_id_of",
]
