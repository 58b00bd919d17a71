"""/v1/models: the video models a generation can name, and which tier uses which."""

from __future__ import annotations

from litestar import Controller, get

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import problems
from api.runtime import Runtime
from api.schemas_generation import ModelListResponse, ModelResponse
from generation.jobs import TIERS, JobError, choose_model
from social import Principal


class ModelsController(Controller):
    path = "/v1/models"
    tags = ["generations"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(401))
    def list_models(self, runtime: Runtime, principal: Principal) -> ModelListResponse:
        """Every installed model (old ones too: name one in a generation's `model`)."""
        tiers: dict[str, list[str]] = {}
        for tier in TIERS:
            try:
                name, _ = choose_model(runtime.models, runtime.chain_config, tier, None)
            except JobError:
                continue  # that tier's model is not installed
            tiers.setdefault(name, []).append(tier)
        return ModelListResponse(models=[
            ModelResponse(name=m.name, size_bytes=m.size_bytes, tiers=tiers.get(m.name, []))
            for m in runtime.models.installed()
        ])
