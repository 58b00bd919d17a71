"""MP4 writer and reader on ffmpeg (the binary bundled by imageio-ffmpeg, driven through
ffmpeg-python): uint8 RGB frames plus mono or stereo float audio in, H.264 + AAC with
faststart out; and back to frames, audio and frame rate."""

from __future__ import annotations

import contextlib

import math
import os
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

import ffmpeg
import imageio_ffmpeg
import msgspec
import numpy as np
from scipy.io import wavfile

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


class MediaError(RuntimeError):
    """An MP4 could not be written or read (bad arrays, missing file, ffmpeg failure)."""


class Clip(msgspec.Struct, frozen=True):
    """Decoded media: frames (T, H, W, 3) uint8, audio (n,) or (n, c) float32, rates."""

    frames: np.ndarray
    fps: float
    audio: np.ndarray
    sample_rate: int


def _local(path: Path) -> str:
    """`path` as ffmpeg must read it: a name like "a:b.mp4" or "-x.mp4" is a protocol or an
    option to ffmpeg, so it gets the file protocol and the whole path."""
    return "file:" + str(Path(path).resolve())


def check_writable(path: str | Path) -> None:
    """Raises MediaError when a file cannot be written at `path`: it is a folder, its folder does
    not exist (or a file stands where a folder of its path should), or no file can be made in its folder (read-only, no permission, a system folder such as /proc). Checked by
    making and removing a file there, before the long work that ends in writing `path`."""
    path = Path(path)
    if path.is_dir():
        raise MediaError(f"{path} is a folder; give a file name for the output, e.g. {path / 'clip.mp4'}")
    if not path.resolve().parent.is_dir():
        # the nearest existing part of the folder's path: a file there is why, not a missing folder
        on_the_way = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
        if on_the_way is not None and not on_the_way.is_dir():
            raise MediaError(f"cannot write {path}: {on_the_way} is a file, not a folder")
        raise MediaError(f"the output's folder {path.parent} does not exist")
    try:
        with tempfile.NamedTemporaryFile(dir=path.resolve().parent, prefix=".reelworld-check-"):
            pass
    except OSError as exc:
        raise MediaError(f"cannot write {path}: no file can be made in {path.parent} "
                         f"({exc.strerror})") from None


def write_mp4(path: str | Path, frames: np.ndarray, fps: float, audio: np.ndarray | None = None,
              sample_rate: int = 16000, crf: int = 16) -> Path:
    """Encode `frames` (T, H, W, 3) uint8 and optional float `audio` in [-1, 1] to `path`.

    Odd frame sizes are padded to even (H.264 4:2:0 needs it). The file is written under a
    hidden name beside `path` and renamed at the end, so a failure or an interrupt never leaves
    half a file at `path` (nor replaces one there). Raises MediaError on bad input or an ffmpeg
    failure, with ffmpeg's last lines of output.
    """
    frames = np.asarray(frames)
    if frames.ndim != 4 or frames.shape[-1] != 3 or frames.dtype != np.uint8 or len(frames) == 0:
        raise MediaError(f"frames must be (T, H, W, 3) uint8, got {frames.shape} {frames.dtype}")
    path = Path(path)
    _, h, w, _ = frames.shape
    video = ffmpeg.input("pipe:", format="rawvideo", pix_fmt="rgb24", s=f"{w}x{h}", r=fps)
    video = video.filter("pad", "ceil(iw/2)*2", "ceil(ih/2)*2")
    with tempfile.TemporaryDirectory() as tmp:
        streams = [video]
        if audio is not None and np.asarray(audio).size:
            wav = Path(tmp) / "audio.wav"
            sound = np.clip(np.asarray(audio, np.float32), -1, 1)
            # -shortest ends the file with its shorter stream: silence past the last frame's
            # end keeps a sound track rounded short of the pictures from cutting that frame
            need = math.ceil((len(frames) + 1) / fps * sample_rate) - len(sound)
            if need > 0:
                sound = np.concatenate([sound, np.zeros((need, *sound.shape[1:]), np.float32)])
            wavfile.write(wav, sample_rate, sound)
            streams.append(ffmpeg.input(str(wav)).audio)
        part = path.with_name(f".rw-{secrets.token_hex(4)}.part")  # short: any name that fits, fits this
        out = ffmpeg.output(*streams, _local(part), format="mp4", vcodec="libx264", pix_fmt="yuv420p",
                            crf=crf, preset="veryfast", acodec="aac", audio_bitrate="128k",
                            movflags="+faststart", r=fps, shortest=None, loglevel="error")
        try:
            _encode(out, frames, path)
            try:
                os.replace(part, path)
            except OSError as err:
                raise MediaError(f"cannot write {path}: {err.strerror}") from None
        finally:
            with contextlib.suppress(OSError):  # never hides what went wrong before it
                part.unlink(missing_ok=True)
    return path


def _encode(out, frames: np.ndarray, path: Path) -> None:
    """Run the ffmpeg command `out` on `frames`; MediaError with ffmpeg's last lines if it fails."""
    try:
        out.overwrite_output().run(cmd=FFMPEG, input=frames.tobytes(), capture_stdout=True,
                                   capture_stderr=True)
    except ffmpeg.Error as err:
        raise MediaError(f"ffmpeg could not write {path}: {err.stderr.decode()[-400:]}") from None


def _probe(path: Path) -> tuple[int, int, float, bool]:
    # ffmpeg -i with no output exits 1 by design; its stream report on stderr is what we read
    proc = subprocess.run([FFMPEG, "-hide_banner", "-i", _local(path)], capture_output=True, text=True,
                          check=False)
    info = proc.stderr
    video = re.search(r"Video:.*?(\d{2,5})x(\d{2,5}).*?([\d.]+) fps", info)
    if video is None:
        raise MediaError(f"{path}: no video stream found")
    return int(video.group(1)), int(video.group(2)), float(video.group(3)), "Audio:" in info


def read_mp4(path: str | Path, sample_rate: int = 16000, channels: int = 1) -> Clip:
    """Decode `path` into frames, frame rate and float32 audio resampled to `sample_rate`.

    A file without sound gives an empty audio array. Raises MediaError if the file is
    missing or not a readable video.
    """
    path = Path(path)
    if path.is_dir():
        raise MediaError(f"{path} is a folder, not a video file")
    if not path.is_file():
        raise MediaError(f"no such file: {path}")
    w, h, fps, has_audio = _probe(path)
    try:
        raw, _ = (ffmpeg.input(_local(path)).output("pipe:", format="rawvideo", pix_fmt="rgb24",
                                                  loglevel="error")
                  .run(cmd=FFMPEG, capture_stdout=True, capture_stderr=True))
    except ffmpeg.Error as err:
        raise MediaError(f"ffmpeg could not read {path}: {err.stderr.decode()[-400:]}") from None
    frames = np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)
    audio = np.zeros((0,) if channels == 1 else (0, channels), np.float32)
    if has_audio:
        pcm, _ = (ffmpeg.input(_local(path)).audio
                  .output("pipe:", format="f32le", ac=channels, ar=sample_rate, loglevel="error")
                  .run(cmd=FFMPEG, capture_stdout=True, capture_stderr=True))
        audio = np.frombuffer(pcm, np.float32)
        audio = audio if channels == 1 else audio.reshape(-1, channels)
    return Clip(frames, fps, audio.copy(), sample_rate)
