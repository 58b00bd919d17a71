"""Audio-visual sync: sound onsets against the frames where tracked objects hit something,
a flight that turns sharply or an object entering the water."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeVar

import numpy as np

from generation.metrics.checks import CheckResult, not_applicable
from generation.metrics.tracking import ShotTracks, Track
from generation.metrics.trajectory import (
    bounce_time,
    fit_segments,
    series,
    solid_tracks,
)

MAX_OFFSET_MS = 80.0
SEARCH_MS = 300.0
MIN_ENTRY = 0.5  # pixels per frame: slower through the water line is bobbing, not an entry
SILENCE_DB = -60.0  # mean power (dBFS) under which a sound track is taken as silent
HOP_S = 0.005       # seconds: the hop of the sound's energy envelope
ONSET_ABOVE = 12.0  # dB over the envelope's floor: an onset is at least this loud
STRICT_GAP = 4      # frames: a strict water entry is timed between detections at most this far apart
RINGING_S = (0.06, 0.04)  # a splash is judged only where the sound is quiet this long before its entry
C = TypeVar("C")  # a contact, as the caller keeps it


class Envelope(NamedTuple):
    """Short-time energy (dB, one value a hop of `hop_s` seconds) of the pre-emphasised sound,
    and its floor (the 20th percentile)."""

    db: np.ndarray
    floor: float
    hop_s: float


def envelope(audio: np.ndarray, rate: int, hop_s: float = HOP_S) -> Envelope:
    """The sound's Envelope, of its first difference (which favours a hit's broadband click
    over the low ring or rumble still sounding from the hit before); empty when the sound is
    shorter than four hops."""
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    audio = np.diff(np.asarray(audio, np.float32), prepend=np.float32(audio[0]) if len(audio) else 0)
    hop = max(1, int(rate * hop_s))
    n = len(audio) // hop
    if n < 4:
        return Envelope(np.zeros(0), 0.0, hop_s)
    energy = (audio[: n * hop].reshape(n, hop) ** 2).mean(axis=1) + 1e-10
    db = 10 * np.log10(energy)
    return Envelope(db, float(np.percentile(db, 20)), hop_s)


def audio_onsets(audio: np.ndarray, rate: int, hop_s: float = HOP_S) -> np.ndarray:
    """Onset times (s): where the short-time energy of the pre-emphasised sound jumps well
    above the running floor."""
    return onsets_of(envelope(audio, rate, hop_s))


def onsets_of(env: Envelope) -> np.ndarray:
    """Onset times (s) in an Envelope (audio_onsets)."""
    db, floor, hop_s = env
    onsets, last = [], -1e9
    for i in range(3, len(db)):
        rise = db[i] - db[i - 3: i].min()
        if db[i] > floor + ONSET_ABOVE and rise > 9 and (i - last) * hop_s > 0.06:
            start = i - 3 + int(np.argmin(db[i - 3: i])) + 1  # first hop of the rise
            onsets.append(start * hop_s)
            last = i
    return np.array(onsets)


class WaterEntry(NamedTuple):
    """An object's bottom sinking through the water line: when (frame), at which column
    (pixels) and how fast it fell (pixels per frame)."""

    frame: float
    x: float
    speed: float


def water_entry(track: Track, water_y: float, *, strict: bool = False) -> WaterEntry | None:
    """When the object's bottom first sinks through the water line (`water_y`, a row), seen
    falling from above it (or about to: a track the water hides just before the line); None
    if it never does, or no faster than MIN_ENTRY (bobbing), or the track begins in the water
    (it began after its entry). With `strict`, only an entry that can be timed: crossed
    between detections at most STRICT_GAP frames apart (the water slows an object unseen
    across a longer gap), by an object not seen below the line before (that one bobs: its
    entry went unseen). A judge needs the strict reading: a contact timed wrong fails a clean
    clip."""
    if track.start_cause == "water":
        return None
    # a blob that swells (merged with its shadow or the splash) or shrinks (half hidden) at
    # the line misplaces the centre: such frames are left out
    dets = [d for d in track.detections if not d.static and 0.5 <= d.radius / track.radius <= 1.3]
    line = water_y - track.radius  # where the centre is when the bottom meets the water
    below = False  # seen in the water before
    for a, b in zip(dets, dets[1:]):
        below = below or a.y >= line
        vy = (b.y - a.y) / max(b.frame - a.frame, 1)
        if a.y < line <= b.y and vy >= MIN_ENTRY:
            if strict and (below or b.frame - a.frame > STRICT_GAP):
                return None
            tb = a.frame + (line - a.y) / vy
            return WaterEntry(tb, a.x + (b.x - a.x) * (tb - a.frame) / max(b.frame - a.frame, 1), vy)
    if len(dets) >= 2 and track.end_cause == "water":
        a, b = dets[-2], dets[-1]
        vy = (b.y - a.y) / max(b.frame - a.frame, 1)
        ahead = (line - b.y) / vy if vy >= MIN_ENTRY else np.inf
        if 0 <= ahead <= 2 and not (strict and any(d.y >= line for d in dets[:-1])):
            return WaterEntry(b.frame + ahead, b.x, vy)
    return None


class Contact(NamedTuple):
    """A contact seen in the frames: when (clip seconds), and whether it was a water entry."""

    time_s: float
    water: bool = False


def visual_contacts(shots: list[ShotTracks], fps: float,
                    water: Sequence[float | None] | None = None) -> list[Contact]:
    """Contacts seen in the frames, in clip time: where a tracked object's flight turns
    sharply and, in a shot with a water line (`water`: its row per shot, None where a shot
    shows no water), where an object first sinks through that line (water_entry, strict),
    which it meets without turning. An object meets the water once: its turns at the line
    (bobbing) count only where no entry was seen, and then only the first. Raises
    ValueError when `water` does not give one row (or None) per shot."""
    if water is None:
        water = [None] * len(shots)
    if len(water) != len(shots):
        raise ValueError(f"water gives {len(water)} lines for {len(shots)} shots; give one per shot")
    out = []
    for shot, water_y in zip(shots, water):
        for tr in solid_tracks(shot):
            turns = _turns(tr)
            contacts = [Contact(frame / fps) for frame, _ in turns]
            if water_y is not None:
                entry = water_entry(tr, water_y, strict=True)
                contacts = meet_water_once(contacts, [y for _, y in turns], water_y, tr.radius,
                                           None if entry is None else Contact(entry.frame / fps, water=True))
            out += contacts
    return sorted(out)


def meet_water_once(contacts: list[C], rows: Sequence[float], water_y: float, radius: float,
                    entry: C | None) -> list[C]:
    """An object's `contacts` (found at `rows`) with the water met once: its entry replaces its
    turns at the line (bobbing), or, where no entry was seen, the first of those turns stays.
    Foley and the sync judge both read a track's contacts this way."""
    at_line = [abs(y - water_y) <= radius + 2 for y in rows]
    kept = [c for c, near in zip(contacts, at_line) if not near]
    first = [c for c, near in zip(contacts, at_line) if near][:1]
    return kept + ([entry] if entry is not None else first)


def _turns(track: Track) -> list[tuple[float, float]]:
    """(frame, row) where a track's flight turns sharply and not faster out of the turn (a
    throw speeds the object up; a hit does not)."""
    t, x, y = series(track)
    segs = fit_segments(t, x, y, 0.45 + 0.08 * track.radius)
    out = []
    for s1, s2 in zip(segs, segs[1:]):
        if s2.start - s1.stop > 2:
            continue
        tb = bounce_time(s1, s2)
        v1, v2 = s1.velocity(tb), s2.velocity(tb)
        dv = np.hypot(*np.subtract(v1, v2))
        passive = np.hypot(*v2) <= 1.1 * np.hypot(*v1)
        if dv > max(1.5, 0.6 * track.radius) and passive:
            out.append((tb, float(np.polyval(s1.cy, tb) + np.polyval(s2.cy, tb)) / 2))
    return out


def _common_lag(contacts: list[float], onsets: np.ndarray, window_ms: float = 25.0) -> float | None:
    """The one delay (ms, within SEARCH_MS) that lines up the most contacts with an onset
    each (ties: the delay nearest zero). One delay for the whole clip, because a sound
    track is shifted as a whole: matching each contact to its own nearest onset lets a
    shifted sound of one bounce stand in for another bounce's, and shifts go unseen."""
    best, score = None, 0
    for lag in sorted(np.arange(-SEARCH_MS, SEARCH_MS + 1.0, 5.0), key=abs):
        hits = sum(bool(np.any(np.abs(onsets - (c + lag / 1000)) <= window_ms / 1000)) for c in contacts)
        if hits > score:
            best, score = float(lag), hits
    return best


def _silent(audio: np.ndarray) -> bool:
    """Whether a sound track carries no sound at all (not even a setting's ambience)."""
    power = float(np.mean(np.square(audio, dtype=np.float64)))
    return power <= 10 ** (SILENCE_DB / 10)


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _ringing(contacts: list[Contact], env: Envelope) -> list[Contact]:
    """The water entries among `contacts` that come while an earlier sound still rings
    (onset-loud over RINGING_S before the entry): a splash, a noise that swells, is not heard
    as an onset of its own over another sound, so the nearest onset is another contact's."""
    db, floor, hop_s = env
    out = []
    for c in contacts:
        lo, hi = (int(round((c.time_s - ago) / hop_s)) for ago in RINGING_S)
        before = db[max(lo, 0):max(hi + 1, 0)]
        if c.water and before.size and before.max() > floor + ONSET_ABOVE:
            out.append(c)
    return out


def av_sync(shots: list[ShotTracks], fps: float, audio: np.ndarray, rate: int,
            water: Sequence[float | None] | None = None) -> CheckResult:
    """Median offset (ms) from each visual contact to its sound onset, onsets chosen under
    the one delay that lines most contacts up; passes when within MAX_OFFSET_MS. Positive:
    the sound comes late. `water` (the water line's row per shot, None where a shot shows
    none: scene.water_surface) lets an object entering the water count as a contact, where
    the sound is quiet just before it; without it only turns count. A water entry seen over
    a sound track that has sound but no onset at all fails: a splash is never silent.
    Raises ValueError when `water` does not give one row (or None) per shot."""
    if audio.size == 0:
        return not_applicable("av_sync", "no audio")
    contacts = visual_contacts(shots, fps, water)
    env = envelope(audio, rate)  # read once: for the onsets, and for what still rings before a splash
    onsets = onsets_of(env)
    if not contacts:
        tracked = sum(len(shot.tracks) for shot in shots)
        return not_applicable("av_sync", "no contact seen in the frames (a tracked object's flight turning "
                                         f"sharply or entering the water; {_plural(tracked, 'object')} tracked)")
    if ringing := _ringing(contacts, env):
        contacts = [c for c in contacts if c not in ringing]
        if not contacts:
            return not_applicable("av_sync", f"{_plural(len(ringing), 'water entry', 'water entries')} seen, "
                                             "each while an earlier sound still rang (it hides a splash's onset)")
    entries = sum(c.water for c in contacts)
    if onsets.size == 0:
        if entries and not _silent(audio):
            return CheckResult("av_sync", False, f"{_plural(entries, 'water entry', 'water entries')} seen but "
                                                 "no splash or any other sound onset heard")
        return not_applicable("av_sync", f"{_plural(len(contacts), 'contact')} seen but no sound onset heard")
    times = [c.time_s for c in contacts]
    lag = _common_lag(times, onsets)
    if lag is None:
        return CheckResult("av_sync", False, f"no sound within 300 ms of any visual contact{_entries(entries)}")
    offsets, matched_entries = [], 0
    for c in contacts:
        k = int(np.argmin(np.abs(onsets - (c.time_s + lag / 1000))))
        off = (onsets[k] - c.time_s) * 1000
        if abs(off - lag) <= 25.0:
            offsets.append(off)
            matched_entries += c.water
    med = float(np.median(offsets))
    detail = f"{_plural(len(offsets), 'contact')} matched"
    if entries:
        detail += f" (water entries: {matched_entries} matched of {entries} seen)"
    return CheckResult("av_sync", bool(abs(med) <= MAX_OFFSET_MS), f"{detail}, median offset {med:.0f} ms", med)


def _entries(n: int) -> str:
    return f" ({_plural(n, 'water entry', 'water entries')} among them)" if n else ""
