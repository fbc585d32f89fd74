"""Plain-English descriptions of a definition's conditions, for the printed page.

Without JavaScript the page cannot hide a follow-up question or apply a rule,
so it says in words when a question applies and what each result requires:
"Answer this only if you answered “Yes” to question 1."
"""

from __future__ import annotations


def _quote(text: str) -> str:
    return f"“{text}”"


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


class Describer:
    """Describes conditions of one definition (its questions, variants and scores)."""

    def __init__(self, definition: dict, options_of, number_of: dict[str, int]):
        self.definition = definition
        self.options_of = options_of  # question or variant id -> list of option dicts
        self.number_of = number_of  # question id -> its number on the page
        self.variants = {v["id"]: v for v in definition.get("variants", [])}
        self.scores = {s["id"]: s for s in definition.get("scores", [])}

    def __call__(self, condition) -> str:
        """One clause, starting with 'you': 'you answered “Yes” to question 1'."""
        if condition == "always":
            return "none of the other results apply"
        if "all" in condition:
            return _join([self(c) for c in condition["all"]], "and")
        if "any" in condition:
            return _join([self(c) for c in condition["any"]], "or")
        if "not" in condition:
            return f"it is not true that {self(condition['not'])}"
        if "score" in condition:
            return self._score(condition)
        return self._answer(condition)

    def _target(self, ident: str) -> str:
        if ident in self.variants:
            return _quote(self.variants[ident]["text"])
        return f"question {self.number_of.get(ident, ident)}"

    def _answer(self, condition) -> str:
        ident = condition["answer"]
        target = self._target(ident)
        options = self.options_of(ident)
        label = {str(o["value"]): o["label"] for o in options}
        if "is" in condition:
            chosen = label.get(str(condition["is"]), condition["is"])
            return f"you answered {_quote(chosen)} to {target}"
        if "in" in condition:
            names = [_quote(label.get(str(v), v)) for v in condition["in"]]
            return f"you answered {_join(names, 'or')} to {target}"
        if "answered" in condition:
            return f"you answered {target}" if condition["answered"] else f"you left {target} blank"
        low, high = condition.get("at_least"), condition.get("at_most")
        chosen = [
            o
            for o in options
            if isinstance(o["value"], int)
            and (low is None or o["value"] >= low)
            and (high is None or o["value"] <= high)
        ]
        names = [_quote(o["label"]) for o in chosen]
        return f"you answered {_join(names, 'or')} to {target}"

    def _score(self, condition) -> str:
        score = self.scores.get(condition["score"], {})
        name = (score.get("label") or condition["score"]).lower()
        low, high = condition.get("at_least"), condition.get("at_most")
        if low is not None and high is not None:
            amount = f"{low}" if low == high else f"from {low} to {high}"
        elif low is not None:
            amount = f"{low} or more"
        else:
            amount = f"{high} or less"
        return f"your {name} is {amount}"
