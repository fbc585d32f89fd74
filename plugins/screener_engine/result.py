"""The result of scoring, and its JSON form (the contract with the browser code).

The JSON shape is fixed; the page renders every string with textContent::

    {"ok": true, "screener", "version", "scores": [...], "band", "flags": [...],
     "safety", "outcome", "answers": [...], "ignored": [...]}

Variant answers (e.g. sex for AUDIT-C) never appear in it. When a safety flag
is raised, a band or outcome with safety wording (`with_safety`) carries that
wording in place of its own, and says so (``"safety_wording": true``): the
page shows what the result says and never has to choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Reason
from .errors import AnswerError, format_path
from .model import Band, Flag, Link, Option, Outcome, Question, SafetyWording, Score, Screener


@dataclass(frozen=True)
class ScoreResult:
    """One score's value; `prorated` when unanswered items were made up for."""

    score: Score
    value: int
    prorated: bool = False


@dataclass(frozen=True)
class BandResult:
    """The band that applies, with the bounds in force (they may depend on a variant).

    `scale` is every band in order with its bounds in force, so a visitor can
    see where the result sits among them.
    """

    band: Band
    min: int
    max: int
    scale: tuple[tuple[Band, int, int], ...] = ()


@dataclass(frozen=True)
class FlagResult:
    """A raised flag and the answers that raised it."""

    flag: Flag
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class OutcomeResult:
    """The outcome that applies and why."""

    outcome: Outcome
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class AnswerEcho:
    """A shown question with the chosen option (None if left blank) and its points."""

    question: Question
    option: Option | None
    points: int | None


@dataclass(frozen=True)
class Result:
    """Everything a visitor is told after scoring."""

    screener: Screener
    scores: tuple[ScoreResult, ...]
    band: BandResult | None
    flags: tuple[FlagResult, ...]
    outcome: OutcomeResult | None
    answers: tuple[AnswerEcho, ...]
    ignored: tuple[Question, ...]

    @property
    def safety(self) -> bool:
        """True when a safety flag is raised: crisis help goes above everything."""
        return any(f.flag.kind == "safety" for f in self.flags)

    def to_json(self) -> dict:
        """Return the result in the JSON shape the browser renders."""
        return {
            "ok": True,
            "screener": self.screener.id,
            "version": self.screener.version,
            "scores": [
                {
                    "id": s.score.id,
                    "label": s.score.label,
                    "value": s.value,
                    "min": s.score.minimum,
                    "max": s.score.maximum,
                    "prorated": s.prorated,
                }
                for s in self.scores
            ],
            "band": None if self.band is None else self._band(),
            "flags": [_flag(f) for f in self.flags],
            "safety": self.safety,
            "outcome": None if self.outcome is None else self._outcome(),
            "answers": [
                {
                    "question": a.question.id,
                    "number": a.question.number,
                    "text": a.question.text,
                    "answer": a.option.label if a.option else None,
                    "points": a.points,
                }
                for a in self.answers
            ],
            "ignored": [
                {
                    "question": q.id,
                    "number": q.number,
                    "text": f"Your answer to question {q.number} was not used, because that "
                    "question did not apply to your other answers.",
                }
                for q in self.ignored
            ],
        }

    def _wording(self, own: SafetyWording | None) -> SafetyWording | None:
        return own if self.safety else None

    def _band(self) -> dict:
        band = self.band.band  # type: ignore[union-attr]
        wording = self._wording(band.with_safety)
        return {
            "id": band.id,
            "label": band.label,
            "meaning": (wording or band).meaning,
            "next_steps": list((wording or band).next_steps),
            "safety_wording": wording is not None,
            "min": self.band.min,  # type: ignore[union-attr]
            "max": self.band.max,  # type: ignore[union-attr]
            # Every band in order, so the page can show where the result sits.
            "scale": [
                {"id": other.id, "label": other.label, "min": low, "max": high}
                for other, low, high in self.band.scale  # type: ignore[union-attr]
            ],
            "read_more": _links(band.read_more),
        }

    def _outcome(self) -> dict:
        outcome = self.outcome.outcome  # type: ignore[union-attr]
        wording = self._wording(outcome.with_safety)
        return {
            "id": outcome.id,
            "title": (wording.title if wording else None) or outcome.title,
            "meaning": (wording or outcome).meaning,
            "next_steps": list((wording or outcome).next_steps),
            "safety_wording": wording is not None,
            "reasons": [_reason(r) for r in self.outcome.reasons],  # type: ignore[union-attr]
            "read_more": _links(outcome.read_more),
        }


def _links(links: tuple[Link, ...]) -> list[dict]:
    return [{"label": link.label, "href": link.href} for link in links]


def _reason(reason: Reason) -> dict:
    return {"question": reason.question, "score": reason.score, "text": reason.text}


def _flag(result: FlagResult) -> dict:
    flag = result.flag
    return {
        "id": flag.id,
        "kind": flag.kind,
        "title": flag.title,
        "message": flag.message,
        "reasons": [_reason(r) for r in result.reasons],
        "read_more": _links(flag.read_more),
    }


def errors_to_json(errors: list[AnswerError], flags: tuple[FlagResult, ...] = ()) -> dict:
    """Return ``{"ok": false, "errors": [...], "safety": bool, "flags": [...]}``.

    Each error is ``{path, question, message, hint}``. `flags` are the safety
    flags the answers already raise (see `AnswerErrors.flags`); the page shows
    crisis help for them even though the answers could not be scored.
    """
    return {
        "ok": False,
        "errors": [
            {
                "path": format_path(e.path),
                "question": e.question,
                "message": e.message,
                "hint": e.hint,
            }
            for e in errors
        ],
        "safety": any(f.flag.kind == "safety" for f in flags),
        "flags": [_flag(f) for f in flags],
    }
