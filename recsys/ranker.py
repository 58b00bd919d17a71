"""The reranker: orders a member's candidate videos by what they asked for, whom they follow,
freshness, calm and variety, and says why for each. Pure: no store, no index, no clock.

Nothing here measures engagement. There is no watch time, view or click in its inputs, and no
term that would learn one: a video ranks high because the member asked for its kind (in words, or
by saying they like a video close to it; one close to a video they asked to see less of sinks),
follows its maker, or because it is new; a calmer feed when they asked for one or said the app left them
feeling worse; and variety on top (maximal marginal relevance), so that one maker or one kind of
clip never fills a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

FRESH_HALF_LIFE_H = 48.0
"""A video's freshness halves every this many hours."""
NEW_H = 6.0
"""Younger than this, "new" is one of its reasons."""


@dataclass(frozen=True)
class Weights:
    fresh: float = 1.0
    followed: float = 0.5
    mutual: float = 0.7
    more: float = 0.8
    """Per facet asked for more of (at most two count)."""
    less: float = 0.8
    like: float = 2.5
    """Times the similarity above LIKE_FLOOR to the nearest phrase asked for."""
    like_floor: float = 0.2
    like_reason: float = 0.4
    """From this similarity on, "close to ..." is a reason."""
    unlike_drop: float = 0.55
    """A video this close to a phrase asked to avoid is not shown."""
    unlike: float = 1.0
    unlike_floor: float = 0.35
    calm: float = 1.2
    """Times the asked calm times the video's energy away from the middle."""
    similar: float = 0.6
    """Variety: times the similarity to the closest video already on the page."""
    same_owner: float = 0.4
    """Variety: per video of the same maker already on the page."""
    liked: float = 2.0
    """Times the similarity above LIKED_FLOOR to the closest video the member liked."""
    liked_floor: float = 0.3
    liked_reason: float = 0.5
    """From this similarity on, "like a video you liked" is a reason."""
    less: float = 2.0
    """Times the similarity above LESS_FLOOR to the closest video they asked to see less of."""
    less_floor: float = 0.3
    less_drop: float = 0.85
    """A video this close to one they asked to see less of is not shown (a near copy)."""


@dataclass(frozen=True)
class Candidate:
    video_id: str
    owner_id: str
    facets: frozenset[str]
    energy: float
    posted_at: datetime
    vector: np.ndarray
    """Unit vector of the video's caption."""
    followed: bool = False
    mutual: bool = False


@dataclass(frozen=True)
class Preferences:
    """What the ranker obeys: the member's instruction (when personalised) and wellbeing."""

    more: frozenset[str] = frozenset()
    less: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    only: frozenset[str] = frozenset()
    like: tuple[str, ...] = ()
    like_vectors: np.ndarray | None = None
    """(len(like), dim) unit vectors of the phrases asked for."""
    unlike: tuple[str, ...] = ()
    unlike_vectors: np.ndarray | None = None
    calm: float = 0.0
    """The instruction's: > 0 calmer, < 0 livelier."""
    wellbeing_calm: float = 0.0
    """Added calm because the member said the app left them feeling worse."""
    labels: dict[str, str] = field(default_factory=dict)
    """Words for facets in reasons ("style:anime" -> "anime")."""
    liked_vectors: np.ndarray | None = None
    """(n, dim) unit vectors of the videos the member said they like (their latest say)."""
    liked_ids: tuple[str, ...] = ()
    """The ids of those videos, row for row (a liked video is not brought up by itself)."""
    less_vectors: np.ndarray | None = None
    """(n, dim) unit vectors of the videos they asked to see less of."""
    hidden: frozenset[str] = frozenset()
    """Videos they asked to see less of: never shown again."""


@dataclass(frozen=True)
class Ranked:
    video_id: str
    score: float
    reasons: tuple[str, ...]


def rank(candidates: list[Candidate], prefs: Preferences, *, now: datetime, limit: int,
         handles: dict[str, str] | None = None, weights: Weights = Weights()) -> list[Ranked]:
    """The best `limit` candidates in page order, each with its reasons (most telling first)."""
    handles = handles or {}
    scored = [s for c in candidates if (s := _score(c, prefs, now, handles, weights)) is not None]
    return _diversify(scored, limit, weights)


@dataclass
class _Scored:
    candidate: Candidate
    score: float
    reasons: list[str]


def _score(c: Candidate, prefs: Preferences, now: datetime, handles: dict[str, str], w: Weights) -> _Scored | None:
    if c.facets & prefs.exclude or (prefs.only and not c.facets & prefs.only) or c.video_id in prefs.hidden:
        return None
    reasons: list[str] = []
    age_h = max(0.0, (now - c.posted_at).total_seconds() / 3600)
    score = w.fresh * 0.5 ** (age_h / FRESH_HALF_LIFE_H)
    if c.mutual or c.followed:
        score += w.mutual if c.mutual else w.followed
        who = handles.get(c.owner_id)
        if who:
            reasons.append(f"from @{who}, {'a mutual' if c.mutual else 'whom you follow'}")
    asked = sorted(c.facets & prefs.more)
    if asked:
        score += w.more * min(2, len(asked))
        reasons.append(", ".join(prefs.labels.get(f, f.split(":", 1)[-1]) for f in asked) + ", as you asked")
    score -= w.less * len(c.facets & prefs.less)
    if prefs.like_vectors is not None and len(prefs.like):
        sims = prefs.like_vectors @ c.vector
        best = int(np.argmax(sims))
        score += w.like * max(0.0, float(sims[best]) - w.like_floor)
        if sims[best] >= w.like_reason:
            reasons.append(f"close to \u201c{prefs.like[best]}\u201d, as you asked")
    if prefs.unlike_vectors is not None and len(prefs.unlike):
        worst = float(np.max(prefs.unlike_vectors @ c.vector))
        if worst >= w.unlike_drop:
            return None
        score -= w.unlike * max(0.0, worst - w.unlike_floor)
    if prefs.less_vectors is not None and len(prefs.less_vectors):
        closest = float(np.max(prefs.less_vectors @ c.vector))
        if closest >= w.less_drop:
            return None
        score -= w.less * max(0.0, closest - w.less_floor)
    if prefs.liked_vectors is not None and len(prefs.liked_vectors):
        sims = prefs.liked_vectors @ c.vector
        closest = max((float(sim) for sim, vid in zip(sims, prefs.liked_ids, strict=True) if vid != c.video_id),
                      default=0.0)
        score += w.liked * max(0.0, closest - w.liked_floor)
        if closest >= w.liked_reason:
            reasons.append("like a video you liked")
    calm = max(-1.0, min(1.0, prefs.calm + prefs.wellbeing_calm))
    if calm:
        score -= w.calm * calm * (c.energy - 0.5)
        if calm > 0 and c.energy < 0.35:
            reasons.append("calm, as you said you felt worse" if prefs.wellbeing_calm > 0 and prefs.calm <= 0
                           else "calm, as you asked")
        elif calm < 0 and c.energy > 0.65:
            reasons.append("lively, as you asked")
    if age_h < NEW_H:
        reasons.append("new")
    return _Scored(c, score, reasons)


def _diversify(scored: list[_Scored], limit: int, w: Weights) -> list[Ranked]:
    """Maximal marginal relevance: each pick maximises its score less its likeness to the page
    so far (the closest caption, and the maker's count)."""
    page: list[Ranked] = []
    chosen: list[np.ndarray] = []
    per_owner: dict[str, int] = {}
    left = sorted(scored, key=lambda s: (-s.score, s.candidate.video_id))
    while left and len(page) < limit:
        best_i, best_value, best_penalty = 0, -math.inf, 0.0
        picked = np.stack(chosen) if chosen else None
        for i, s in enumerate(left):
            penalty = w.same_owner * per_owner.get(s.candidate.owner_id, 0)
            if picked is not None:
                penalty += w.similar * max(0.0, float(np.max(picked @ s.candidate.vector)))
            if s.score - penalty > best_value:
                best_i, best_value, best_penalty = i, s.score - penalty, penalty
        s = left.pop(best_i)
        reasons = s.reasons or (["something different"] if chosen and best_penalty < w.similar * 0.5
                                else ["among the latest posts"])
        page.append(Ranked(s.candidate.video_id, round(s.score, 4), tuple(reasons)))
        chosen.append(s.candidate.vector)
        per_owner[s.candidate.owner_id] = per_owner.get(s.candidate.owner_id, 0) + 1
    return page
