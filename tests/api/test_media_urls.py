"""Media on an fsspec URL (memory:// here; s3:// and gs:// go the same way): the chain writes
there and the API serves it, range requests included."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from generation.jobs import FsspecMediaStore, media_store
from tests.jobs.api_fixtures import tiny_model  # noqa: F401 - tiny_model is a fixture
from tests.jobs.fixtures import chain_runtime


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    media = media_store(f"memory://reelworld-api-{uuid.uuid4().hex}/media")
    rt = chain_runtime(tmp_path, clock, tiny_model, media=media, max_body_bytes=10_000)
    yield rt
    rt.close()


def test_a_video_in_an_fsspec_store_is_served_whole_and_in_ranges(client, members, runtime):
    assert isinstance(runtime.media, FsspecMediaStore)
    headers = members.join("alice")
    gid = client.post("/v1/generations", headers=headers, json={"prompt": "a red ball bounces in a gym"}).json()
    runtime.chain.run(gid["generation_id"])
    runtime.catch_up()
    video_id = client.get(f"/v1/generations/{gid['generation_id']}", headers=headers).json()["video_id"]
    video = client.get(f"/v1/videos/{video_id}", headers=headers).json()
    whole = client.get(video["media_url"], headers=headers)
    assert whole.status_code == 200 and hashlib.sha256(whole.content).hexdigest() == video["content_sha256"]
    assert not (runtime.settings.media_dir / "videos").exists()  # nothing went to the local directory
    size = len(whole.content)
    part = client.get(video["media_url"], headers={**headers, "Range": "bytes=100-199"})
    assert part.status_code == 206 and part.headers["content-range"] == f"bytes 100-199/{size}"
    assert part.content == whole.content[100:200]
    tail = client.get(video["media_url"], headers={**headers, "Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == whole.content[-10:]
