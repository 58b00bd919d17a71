"""The MediaStore port and its local-directory implementation.

Keys are relative, slash-separated paths ("videos/<id>.mp4"); an object store (fsspec: s3://,
gs://) implements the same four methods. Writes are atomic: a reader sees the old bytes or the
new ones, never half a file, so a step that crashed mid-write and runs again is harmless.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


class MediaNotFound(LookupError):
    """No object is stored under the key."""


class MediaStore(Protocol):
    def put(self, key: str, data: bytes) -> int:
        """Store `data` under `key` (replacing any); returns its size in bytes."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A readable, seekable binary file of the object. Raises MediaNotFound."""
        ...

    def size(self, key: str) -> int:
        """Size in bytes. Raises MediaNotFound."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is not an error."""
        ...


class LocalMediaStore:
    """Objects as files under `root` (created on first write)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key) or ".." in key.split("/"):
            raise ValueError(f"not a media key: {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return len(data)

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise MediaNotFound(key) from None

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise MediaNotFound(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
