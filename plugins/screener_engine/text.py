"""Small helpers that word messages the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable

_TYPE_NAMES = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "mapping"}


def type_name(value: object) -> str:
    """Name the kind of a value in an author's words: str, int, float, bool, list, mapping."""
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


def show(value: object, limit: int = 40) -> str:
    """Render a value briefly and unambiguously: ``'2'``, ``2``, ``True``, ``[1, 2]``."""
    text = repr(value) if isinstance(value, str | int | float | list | dict) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: object) -> str:
    """``'2', a str`` / ``2.5, a float`` / ``null``: what an author actually wrote."""
    if value is None:
        return "null"
    name = type_name(value)
    article = "an" if name[0] in "aeiou" else "a"
    return f"{show(value)}, {article} {name}"


def quoted(values: Iterable[object]) -> str:
    """Join values as ``'a', 'b', 3`` (strings quoted, numbers bare)."""
    return ", ".join(show(v) for v in values)


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, or an empty string."""
    if not isinstance(word, str):
        return ""
    import difflib  # only needed when something is wrong

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def runs(values: Iterable[int], universe: Iterable[int]) -> list[str]:
    """Group `values` into runs of neighbours within the sorted `universe`: ``['5..9', '12']``.

    Two values are neighbours when no other value of `universe` lies between
    them, so a gap in an achievable set such as {0, 2, 4} reads ``2..4``.
    """
    chosen = set(values)
    result: list[str] = []
    start = prev = None
    for value in sorted(set(universe)):
        if value in chosen:
            if start is None:
                start = value
            prev = value
        elif start is not None:
            result.append(_run(start, prev))
            start = None
    if start is not None:
        result.append(_run(start, prev))
    return result


def _run(start: int, end: int | None) -> str:
    return str(start) if start == end else f"{start}..{end}"


def round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded to the nearest integer, halves going up (exact)."""
    return (2 * numerator + denominator) // (2 * denominator)


def plural(count: int, noun: str) -> str:
    """``1 question`` / ``2 questions``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
