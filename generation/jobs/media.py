"""The MediaStore port: a local directory, or any fsspec URL (file://, memory://, s3://, gs://)
so that workers on other nodes write what the API serves.

Keys are relative, slash-separated paths ("videos/<id>.mp4"). Writes are atomic: a reader sees
the old bytes or the new ones, never half a file (a temporary file renamed into place; an
object store's PUT is atomic), so a step that crashed mid-write and runs again is harmless.
A process killed mid-write leaves its temporary `.partial-*` file, which no key can name;
`remove_partials` (the sweeper calls it) removes those older than a cutoff.
`media_store(location)` picks the implementation from a path or URL.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

import fsspec

_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
PARTIAL = ".partial-"
"""The name prefix of a file being written (a key cannot start with a dot)."""


class MediaNotFound(LookupError):
    """No object is stored under the key."""


class MediaLocationError(ValueError):
    """A media location no store can be opened at (a scheme no fsspec filesystem knows)."""


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

    def keys(self, folder: str) -> list[str]:
        """The keys under `folder` ("work/<id>"), sorted; [] when there are none. Unfinished
        writes' temporary files are not keys."""
        ...

    def remove_partials(self, older_than: datetime) -> int:
        """Remove the temporary files of writes that a killed process left, last modified
        before `older_than` (aware); returns how many went."""
        ...


def _check(key: str) -> str:
    if not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"not a media key: {key!r}")
    return key


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (where the platform can open directories)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class LocalMediaStore:
    """Objects as files under `root` (created on first write)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _check(key)

    def put(self, key: str, data: bytes) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{PARTIAL}{uuid.uuid4().hex}")
        try:
            with open(tmp, "xb") as out:  # open(), not mkstemp: the umask's mode, not 0600
                out.write(data)
                out.flush()
                os.fsync(out.fileno())  # on disk before its name is: events point at whole files
            os.replace(tmp, path)
            _fsync_dir(path.parent)
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

    def keys(self, folder: str) -> list[str]:
        path = self._path(folder.rstrip("/"))
        found = path.rglob("*") if path.is_dir() else ()
        return sorted(p.relative_to(self.root).as_posix() for p in found
                      if p.is_file() and not p.name.startswith(PARTIAL))

    def remove_partials(self, older_than: datetime) -> int:
        cutoff, removed = older_than.timestamp(), 0
        for path in self.root.rglob(f"{PARTIAL}*") if self.root.is_dir() else ():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # its write finished or another sweeper took it
                pass
        return removed


class FsspecMediaStore:
    """Objects under an fsspec URL ("s3://bucket/media", "gs://...", "memory://media",
    "file:///srv/media"); `storage_options` go to the filesystem (credentials, endpoint)."""

    _RENAMING = {"file", "local", "memory"}
    """Filesystems where a rename is cheap and atomic; object stores PUT whole objects instead."""

    def __init__(self, url: str, **storage_options) -> None:
        self.fs, root = fsspec.core.url_to_fs(url, **storage_options)
        self.root = root.rstrip("/")
        protocols = self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,)
        self._rename = bool(self._RENAMING & set(protocols))

    def _path(self, key: str) -> str:
        return f"{self.root}/{_check(key)}"

    def put(self, key: str, data: bytes) -> int:
        path = self._path(key)
        if not self._rename:
            self.fs.pipe_file(path, data)
            return len(data)
        parent = path.rsplit("/", 1)[0]
        self.fs.makedirs(parent, exist_ok=True)
        partial = f"{parent}/{PARTIAL}{uuid.uuid4().hex}"
        try:
            self.fs.pipe_file(partial, data)
            self.fs.mv(partial, path)
        except BaseException:
            if self.fs.exists(partial):
                self.fs.rm_file(partial)
            raise
        return len(data)

    def open(self, key: str) -> BinaryIO:
        try:
            return self.fs.open(self._path(key), "rb")
        except FileNotFoundError:
            raise MediaNotFound(key) from None

    def size(self, key: str) -> int:
        try:
            return int(self.fs.size(self._path(key)))
        except FileNotFoundError:
            raise MediaNotFound(key) from None

    def delete(self, key: str) -> None:
        try:
            self.fs.rm_file(self._path(key))
        except FileNotFoundError:
            pass

    def keys(self, folder: str) -> list[str]:
        try:
            found = self.fs.find(self._path(folder.rstrip("/")))
        except FileNotFoundError:
            return []
        start = len(self.root) + 1
        return sorted(path[start:] for path in found if not path.rsplit("/", 1)[-1].startswith(PARTIAL))

    def remove_partials(self, older_than: datetime) -> int:
        if not self._rename:  # an object store's PUT leaves no partial object
            return 0
        cutoff, removed = older_than.timestamp(), 0
        try:
            found = self.fs.find(self.root, detail=True)
        except FileNotFoundError:
            return 0
        for path, info in found.items():
            stamp = info.get("mtime", info.get("created"))
            if isinstance(stamp, datetime):
                stamp = stamp.timestamp()
            if path.rsplit("/", 1)[-1].startswith(PARTIAL) and stamp is not None and float(stamp) < cutoff:
                try:
                    self.fs.rm_file(path)
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed


def media_store(location: str | Path, **storage_options) -> MediaStore:
    """The store at `location`: a plain path is a local directory; a URL with a scheme
    (file://, memory://, s3://, gs://, ...) goes through fsspec. Raises MediaLocationError for a
    scheme no installed fsspec filesystem knows."""
    text = str(location)
    if "://" not in text:
        return LocalMediaStore(text)
    try:
        return FsspecMediaStore(text, **storage_options)
    except (ImportError, ValueError) as error:
        raise MediaLocationError(f"cannot store media at {text!r}: {error}") from None
