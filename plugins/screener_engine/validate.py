"""Turn a plain definition dict into a checked `Screener`, or raise every problem at once.

The checks run in four stages, each only when the ones before it found
nothing that would make its answers misleading:

1. structure: types, required and unknown keys (`reader`);
2. meaning: ids, references, value types for their use (`checks`); parts
   that failed stage 1 are left out, and references to them are not reported;
3. analysis: achievable scores, band coverage, reachability (`analysis`);
4. at build time only: proofs over every possible set of answers (no
   reassuring text beside a safety flag, the definition's guarantees:
   `proofs`), then the definition's own test cases (`selftest`).
"""

from __future__ import annotations

from dataclasses import replace

from . import analysis, checks, selftest, spec
from .errors import DefinitionError, DefinitionErrors
from .model import (
    Band,
    Bands,
    Dimension,
    Flag,
    Guarantee,
    Instrument,
    Link,
    Option,
    Outcome,
    Question,
    SafetyWording,
    Score,
    Screener,
    TestCase,
    Variant,
)
from .reader import INVALID, Parsed, Reader
from .text import did_you_mean


def load_definition(data: object, *, run_tests: bool = True) -> Screener:
    """Check a definition (a dict as loaded from YAML or JSON) and build its model.

    Raises `DefinitionErrors` listing every problem found. With
    ``run_tests=False`` stage 4 (proofs and test cases) is skipped: the
    browser does this, because the build has already done it.
    """
    reader = Reader()
    top = reader.read_object(spec.OBJECTS["screener"], data, ())
    if top is INVALID:
        raise DefinitionErrors(reader.errors)
    builder = _Builder(reader, top)
    screener = builder.build()
    errors = list(reader.errors)
    errors += checks.check(screener, builder.broken)
    if not errors:
        screener = analysis.with_achievable_scores(screener)
        errors += analysis.check(screener)
    if not errors and run_tests:
        # Imported here: the browser never runs this stage, so never loads it.
        from . import proofs

        errors += proofs.check(screener)
    if not errors and run_tests:
        errors += selftest.run_tests(screener)
    if errors:
        raise DefinitionErrors(_unique(errors))
    return screener


def _unique(errors: list[DefinitionError]) -> list[DefinitionError]:
    seen: set[DefinitionError] = set()
    result = []
    for error in errors:
        if error not in seen:
            seen.add(error)
            result.append(error)
    return result


def _items(parsed: object) -> list:
    return parsed if isinstance(parsed, list) else []


def _usable(item: object) -> bool:
    return isinstance(item, Parsed) and item.ok


class _Builder:
    """Builds model objects from the clean parts of a parsed definition."""

    def __init__(self, reader: Reader, top: Parsed):
        self.reader = reader
        self.top = top
        # (namespace, id) of parts that failed stage 1, and whole sections that did.
        self.broken: set[tuple[str, str]] = set()

    def _mark_broken(self, namespace: str, items: object) -> None:
        if items is INVALID:
            self.broken.add((namespace, "*"))
        for item in _items(items):
            if not _usable(item):
                key = item.get("id", item.get("name")) if isinstance(item, dict) else None
                self.broken.add((namespace, key if isinstance(key, str) else "*"))

    def build(self) -> Screener:
        top = self.top
        option_sets = self._option_sets()
        questions = self._questions(option_sets)
        variants = self._variants()
        scores = self._scores()
        questions = self._resolve_required(questions, scores)
        return Screener(
            id=_text(top.get("id")),
            title=_text(top.get("title")),
            description=_text(top.get("description")),
            version=_text(top.get("version")),
            language=_text(top.get("language")),
            minutes=top.get("minutes") if type(top.get("minutes")) is int else 0,
            audience=_text(top.get("audience")),
            instrument=self._instrument(),
            questions=tuple(questions),
            scores=tuple(scores),
            tests=self._tests(),
            short_title=_optional(top.get("short_title")),
            stem=_optional(top.get("stem")),
            variants=tuple(variants),
            bands=self._bands(),
            flags=self._flags(),
            outcomes=self._outcomes(),
            option_sets=option_sets,
            dimensions=self._dimensions(),
            guarantees=self._guarantees(),
        )

    def _instrument(self) -> Instrument:
        raw = self.top.get("instrument")
        if not isinstance(raw, dict):
            return Instrument(name="", validated=False)
        citation = raw.get("citation")
        citations = (citation,) if isinstance(citation, str) else tuple(_items(citation))
        return Instrument(
            name=_text(raw.get("name")),
            validated=raw.get("validated") is True,
            note=_optional(raw.get("note")),
            licence=_optional(raw.get("licence")),
            copyright=_optional(raw.get("copyright")),
            citation=tuple(c for c in citations if isinstance(c, str)),
            source_url=_optional(raw.get("source_url")),
            loinc=_optional(raw.get("loinc")),
        )

    def _option_sets(self) -> dict[str, tuple[Option, ...]]:
        raw = self.top.get("option_sets", {})
        if raw is INVALID:
            self.broken.add(("option_set", "*"))
            return {}
        sets = {}
        for name, options in raw.items():
            if options is INVALID or not all(_usable(o) for o in options):
                self.broken.add(("option_set", name))
                continue
            sets[name] = tuple(_option(o) for o in options)
        return sets

    def _questions(self, option_sets: dict[str, tuple[Option, ...]]) -> list[Question]:
        raw = self.top.get("questions", INVALID)
        self._mark_broken("question", raw)
        questions = []
        for index, item in enumerate(_items(raw)):
            if not _usable(item):
                continue
            options, option_set, path = item["options"], None, ("questions", index, "options")
            if isinstance(options, str):
                if options not in option_sets:
                    if ("option_set", options) not in self.broken and (
                        "option_set",
                        "*",
                    ) not in self.broken:
                        self.reader.error(
                            path,
                            f"{options!r} is not an option set{did_you_mean(options, option_sets)}",
                            "Use the name of one of the sets under option_sets, or list the "
                            "options here.",
                        )
                    self.broken.add(("question", item["id"]))
                    continue
                option_set, path = options, ("option_sets", options)
                options = option_sets[options]
            else:
                options = tuple(_option(o) for o in options)
            questions.append(
                Question(
                    id=item["id"],
                    text=item["text"],
                    options=options,
                    index=index,
                    scored=item.get("scored", True),
                    required=item.get("required"),  # resolved in _resolve_required
                    reverse=item.get("reverse", False),
                    show_if=item.get("show_if"),
                    stem=item.get("stem"),
                    context=item.get("context"),
                    examples=tuple(item.get("examples", ())),
                    loinc=item.get("loinc"),
                    option_set=option_set,
                    options_path=path,
                    dimension=item.get("dimension"),
                    topic=item.get("topic"),
                )
            )
        return questions

    def _resolve_required(self, questions: list[Question], scores: list[Score]) -> list[Question]:
        # Default: a scored question must be answered, unless every score that
        # uses it tolerates unanswered questions (prorating).
        resolved = []
        for question in questions:
            if question.required is None:
                users = [s for s in scores if question.id in s.items]
                tolerated = bool(users) and all(s.prorate_up_to for s in users)
                question = replace(question, required=question.scored and not tolerated)
            resolved.append(question)
        return resolved

    def _variants(self) -> list[Variant]:
        raw = self.top.get("variants", [])
        self._mark_broken("question", raw)
        return [
            Variant(
                id=item["id"],
                text=item["text"],
                options=tuple(_option(o) for o in item["options"]),
                index=index,
                note=item.get("note"),
                default=item.get("default"),
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        ]

    def _scores(self) -> list[Score]:
        raw = self.top.get("scores", INVALID)
        self._mark_broken("score", raw)
        scores = []
        for index, item in enumerate(_items(raw)):
            if not _usable(item):
                continue
            method = "sum" if "sum" in item else "count"
            scores.append(
                Score(
                    id=item["id"],
                    label=item["label"],
                    method=method,
                    items=tuple(item[method]),
                    index=index,
                    where=item.get("where"),
                    prorate_up_to=item.get("missing", {}).get("prorate_up_to", 0),
                    loinc=item.get("loinc"),
                )
            )
        return scores

    def _bands(self) -> Bands | None:
        raw = self.top.get("bands")
        if raw is None:
            return None
        if not _usable(raw):
            self.broken.add(("band", "*"))
            return None
        ranges = tuple(
            Band(
                id=item["id"],
                label=item["label"],
                meaning=item["meaning"],
                next_steps=tuple(item["next_steps"]),
                min=item["min"],
                max=item["max"],
                index=index,
                with_safety=_wording(item.get("with_safety")),
                read_more=_links(item.get("read_more")),
            )
            for index, item in enumerate(raw["ranges"])
        )
        return Bands(score=raw["score"], ranges=ranges, varies_by=raw.get("varies_by"))

    def _flags(self) -> tuple[Flag, ...]:
        raw = self.top.get("flags", [])
        self._mark_broken("flag", raw)
        return tuple(
            Flag(
                id=item["id"],
                kind=item["kind"],
                when=item["when"],
                message=item["message"],
                index=index,
                title=item.get("title"),
                read_more=_links(item.get("read_more")),
                unless_outcome=tuple(item.get("unless_outcome", ())),
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        )

    def _outcomes(self) -> tuple[Outcome, ...]:
        raw = self.top.get("outcomes", [])
        self._mark_broken("outcome", raw)
        return tuple(
            Outcome(
                id=item["id"],
                priority=item["priority"],
                when=item["when"],
                title=item["title"],
                meaning=item["meaning"],
                next_steps=tuple(item["next_steps"]),
                index=index,
                explain=item.get("explain"),
                with_safety=_wording(item.get("with_safety")),
                read_more=_links(item.get("read_more")),
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        )

    def _dimensions(self) -> tuple[Dimension, ...]:
        raw = self.top.get("dimensions", [])
        self._mark_broken("dimension", raw)
        return tuple(
            Dimension(
                id=item["id"],
                label=item["label"],
                index=index,
                about=item.get("about"),
                covers=tuple(item.get("covers", ())),
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        )

    def _guarantees(self) -> tuple[Guarantee, ...]:
        raw = self.top.get("guarantees", [])
        self._mark_broken("guarantee", raw)
        return tuple(
            Guarantee(
                name=item["name"],
                when=item["when"],
                index=index,
                outcome_in=_ids(item.get("outcome_in")),
                outcome_not_in=_ids(item.get("outcome_not_in")),
                safety=item.get("safety"),
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        )

    def _tests(self) -> tuple[TestCase, ...]:
        raw = self.top.get("tests", [])
        self._mark_broken("test", raw)
        return tuple(
            TestCase(
                name=item["name"],
                answers=dict(item["answers"]),
                expect=dict(item["expect"]),
                index=index,
            )
            for index, item in enumerate(_items(raw))
            if _usable(item)
        )


def _wording(parsed: object) -> SafetyWording | None:
    if not isinstance(parsed, dict):
        return None
    return SafetyWording(
        meaning=parsed["meaning"],
        next_steps=tuple(parsed["next_steps"]),
        title=parsed.get("title"),
    )


def _links(parsed: object) -> tuple[Link, ...]:
    return tuple(Link(label=item["label"], href=item["href"]) for item in _items(parsed))


def _ids(parsed: object) -> tuple[str, ...] | None:
    return tuple(parsed) if isinstance(parsed, list) else None


def _option(parsed: Parsed) -> Option:
    return Option(label=parsed["label"], value=parsed["value"], loinc=parsed.get("loinc"))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) else None
