"""Every complete set of answers at once: count them, or find one, without listing them all.

A definition's *answer space* is every set of answers the engine accepts:
each shown question has one of its options (an optional one may also be
left blank), each variant one of its values, and a hidden question has no
answer. It is usually far too large to list (the IOP self-check has hundreds
of millions of sets), so `AnswerSpace` walks it as a tree, one question at a
time in page order, and stops early:

- values that no rule can tell apart are walked once, weighted by how many
  values they stand for (for a count score only "counted or not" matters);
- conditions are evaluated on the answers given so far, the others unknown,
  with each score known only within bounds until all its questions are in;
- once what is asked is settled, the rest of the branch is counted, not walked.

The counts are exact. The build uses `example` to prove a definition's
guarantees (a counterexample is a real set of answers); `tools.outcomes`
prints `outcome_counts`. Nothing here runs when a visitor is scored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .conditions import UNKNOWN, evaluate, test_value
from .model import (
    MISSING,
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    Not,
    Question,
    Score,
    ScoreTest,
    Screener,
    Variant,
)
from .text import round_half_up

NODE_BUDGET = 2_000_000
"""Tree nodes one question may visit before `SpaceTooLarge` is raised."""


class _Undecided:
    def __repr__(self) -> str:
        return "UNDECIDED"


UNDECIDED = _Undecided()
"""The outcome cannot be told yet from the answers given so far."""


class SpaceTooLarge(Exception):
    """The walk needed more than its node budget."""


@dataclass(frozen=True)
class Goal:
    """What a set of answers must do; None in a field means "anything".

    The answers satisfy `given`, end in one of `outcomes` (None stands for no
    outcome), and raise a safety flag (`safety` True) or none (False).
    """

    given: Condition | None = None
    outcomes: frozenset[str | None] | None = None
    safety: bool | None = None


def answer_tests(condition: Condition) -> Iterator[AnswerTest]:
    """Every test on an answer inside a condition."""
    if isinstance(condition, AnswerTest):
        yield condition
    elif isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from answer_tests(item)
    elif isinstance(condition, Not):
        yield from answer_tests(condition.item)


class AnswerSpace:
    """The answer space of one checked screener (see the module docstring)."""

    def __init__(self, screener: Screener, budget: int | None = None):
        self.screener = screener
        self.budget = NODE_BUDGET if budget is None else budget
        self.inputs: list[Question | Variant] = [*screener.variants, *screener.questions]
        self.ordered = screener.ordered_outcomes()
        safety = screener.safety_flags()
        self.safety = AnyOf(tuple(f.when for f in safety)) if safety else None
        self.scores_of: dict[str, list[Score]] = {}
        for score in screener.scores:
            for item in score.items:
                self.scores_of.setdefault(item, []).append(score)
        self.prorated = [s for s in screener.scores if s.prorate_up_to]
        self.shown_if = [q.show_if for q in screener.questions if q.show_if is not None]
        # completions() tells values apart only by the tests that decide visibility.
        self.visibility_classes = {
            item.id: self._classes(item, _by_answer(self.shown_if), scores=False)
            for item in self.inputs
        }
        # Per score: its questions, and the least and most each can add.
        self.score_items: dict[str, list[Question]] = {}
        self.score_range: dict[str, dict[str, tuple[int, int]]] = {}
        for score in screener.scores:
            questions = [screener.question(i) for i in score.items]
            self.score_items[score.id] = questions  # type: ignore[assignment]
            ranges = {}
            for question in questions:
                possible = [self.contribution(score, question, v) for v in question.values]  # type: ignore[union-attr,arg-type]
                if question.show_if is not None or not question.required:  # type: ignore[union-attr]
                    possible.append(self.contribution(score, question, MISSING))  # type: ignore[arg-type]
                ranges[question.id] = (min(possible), max(possible))  # type: ignore[union-attr]
            self.score_range[score.id] = ranges
        self.score_by_id = {score.id: score for score in screener.scores}

    # --- public ----------------------------------------------------------------

    def size(self) -> int:
        """How many complete sets of answers there are."""
        return self._walker([]).completions(0)

    def count(self, goal: Goal) -> int:
        """How many complete sets of answers do what `goal` asks."""
        walker = self._walker(self._conditions(goal), goal)
        return walker.tally(0, walker.judge).get(True, 0)

    def outcome_counts(self) -> dict[str | None, int]:
        """How many complete sets of answers end in each outcome (None: no outcome)."""
        walker = self._walker([o.when for o in self.ordered])
        return walker.tally(0, walker.outcome)

    def example(self, goal: Goal) -> dict[str, str] | None:
        """One complete set of answers doing what `goal` asks (as a form sends them), or None."""
        return self._walker(self._conditions(goal), goal).find(0)

    # --- internals ----------------------------------------------------------------

    def _conditions(self, goal: Goal) -> list[Condition]:
        conditions = [] if goal.given is None else [goal.given]
        if goal.outcomes is not None:
            conditions += [o.when for o in self.ordered]
        if goal.safety is not None and self.safety is not None:
            conditions.append(self.safety)
        return conditions

    def _walker(self, conditions: list[Condition], goal: Goal = Goal()) -> _Walker:
        tests = _by_answer([*self.shown_if, *conditions])
        classes = {item.id: self._classes(item, tests, scores=True) for item in self.inputs}
        return _Walker(self, goal, classes, self._order(conditions))

    def _order(self, conditions: list[Condition]) -> list[Question | Variant]:
        """The inputs in walking order: tested answers, then scores' questions, then the rest.

        Each question still comes after the ones its show_if reads, so that
        whether it is shown is known when it is reached.
        """
        tested = {t.answer for c in conditions for t in answer_tests(c)}
        summed = {
            item
            for condition in conditions
            for score in _scores_read(condition)
            for item in self.score_by_id[score].items
        }
        first = [item for item in self.inputs if item.id in tested]
        then = [item for item in self.inputs if item.id in summed - tested]
        rest = [item for item in self.inputs if item.id not in tested | summed]
        by_id = {item.id: item for item in self.inputs}
        order: list[Question | Variant] = []
        placed: set[str] = set()

        def place(item: Question | Variant) -> None:
            if item.id in placed:
                return
            if isinstance(item, Question) and item.show_if is not None:
                for test in answer_tests(item.show_if):
                    place(by_id[test.answer])  # type: ignore[index]
            placed.add(item.id)
            order.append(item)

        for item in [*first, *then, *rest]:
            place(item)
        return order

    def _classes(
        self, item: Question | Variant, tests: dict[str, list[AnswerTest]], scores: bool
    ) -> list[tuple[object, int]]:
        """The item's values grouped by how every test sees them: (representative, size)."""
        values = list(item.values)
        if isinstance(item, Question) and not item.required:
            values.append(MISSING)
        groups: dict[tuple, list[object]] = {}
        for value in values:
            signature: tuple = tuple(test_value(t, value) for t in tests.get(item.id, ()))
            if scores:
                signature += tuple(
                    self.contribution(score, item, value)  # type: ignore[arg-type]
                    for score in self.scores_of.get(item.id, ())
                )
            if any(item.id in s.items for s in self.prorated):
                signature += (value is MISSING,)
            groups.setdefault(signature, []).append(value)
        return [(members[0], len(members)) for members in groups.values()]

    @staticmethod
    def contribution(score: Score, question: Question, value: object) -> int:
        """What one answer (or MISSING) adds to a score."""
        if score.method == "sum":
            return question.points(value) if type(value) is int else 0  # type: ignore[arg-type]
        return 1 if test_value(score.where, value) else 0  # type: ignore[arg-type]


def _scores_read(condition: Condition) -> Iterator[str]:
    if isinstance(condition, ScoreTest):
        yield condition.score
    elif isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from _scores_read(item)
    elif isinstance(condition, Not):
        yield from _scores_read(condition.item)


def _by_answer(conditions: list[Condition]) -> dict[str, list[AnswerTest]]:
    found: dict[str, list[AnswerTest]] = {}
    for condition in conditions:
        for test in answer_tests(condition):
            found.setdefault(test.answer, []).append(test)  # type: ignore[arg-type]
    return found


class _Walker:
    """One walk of the tree: the answers given so far and what is asked."""

    def __init__(
        self,
        space: AnswerSpace,
        goal: Goal,
        classes: dict[str, list[tuple[object, int]]],
        order: list[Question | Variant],
    ):
        self.space = space
        self.screener = space.screener
        self.goal = goal
        self.classes = classes
        self.order = order
        # The show_if gates of the questions from each position on (the memo key).
        self.gates_after = [
            sorted(
                {
                    t.answer
                    for q in order[position:]
                    if isinstance(q, Question) and q.show_if is not None
                    for t in answer_tests(q.show_if)
                }
            )
            for position in range(len(order) + 1)
        ]
        self.values: dict[str, object] = {}
        self.hidden: set[str] = set()
        self.nodes = 0
        self.memo: dict[tuple, int] = {}
        self.bounds_cache: dict[str, tuple[int, int]] = {}

    # --- walking ---------------------------------------------------------------

    def _visit(self) -> None:
        self.nodes += 1
        if self.nodes > self.space.budget:
            raise SpaceTooLarge(f"more than {self.space.budget:,} steps")
        self.bounds_cache = {}

    def _branches(self, position: int, classes: dict) -> Iterator[int]:
        """Assign each class of the item at `position` in turn; yield its size."""
        item = self.order[position]
        hidden = isinstance(item, Question) and item.show_if is not None
        if hidden and self.decide(item.show_if) is not True:  # type: ignore[union-attr,arg-type]
            self.values[item.id] = MISSING
            self.hidden.add(item.id)
            yield 1
            self.hidden.discard(item.id)
            del self.values[item.id]
            return
        for value, size in classes[item.id]:
            self.values[item.id] = value
            yield size
        del self.values[item.id]

    def tally(self, position: int, judge) -> dict:
        """Count the complete answer sets below this node, by the label `judge` gives them."""
        self._visit()
        if not self._valid(final=False):
            return {}
        label = judge()
        if label is not UNDECIDED:
            return {label: self.completions(position)}
        assert position < len(self.order), "every answer is given, yet undecided"
        total: dict = {}
        for size in self._branches(position, self.classes):
            for key, count in self.tally(position + 1, judge).items():
                total[key] = total.get(key, 0) + size * count
        return total

    def find(self, position: int) -> dict[str, str] | None:
        """The first complete answer set below this node for which the goal holds."""
        self._visit()
        if not self._valid(final=False):
            return None
        verdict = self.judge()
        if verdict is False:
            return None
        if verdict is True:
            return self._fill(position)
        for _size in self._branches(position, self.classes):
            found = self.find(position + 1)
            if found is not None:
                # Leave the values as they are: _branches' clean-up does not run.
                return found
        return None

    def completions(self, position: int) -> int:
        """How many ways the questions from `position` on can be answered (validly)."""
        if position == len(self.order):
            return 1 if self._valid(final=True) else 0
        key = (
            position,
            tuple(self.values.get(g, UNKNOWN) for g in self.gates_after[position]),
            self._blank_state(),
        )
        if key in self.memo:
            return self.memo[key]
        self._visit()
        total = 0
        for size in self._branches(position, self.space.visibility_classes):
            total += size * self.completions(position + 1)
        self.memo[key] = total
        return total

    def _fill(self, position: int) -> dict[str, str]:
        """Answer the rest with first options, then report the whole set as a form sends it."""
        for item in self.order[position:]:
            visible = not (
                isinstance(item, Question)
                and item.show_if is not None
                and self.decide(item.show_if) is not True
            )
            if visible:
                self.values[item.id] = item.values[0]
            else:
                self.values[item.id] = MISSING
                self.hidden.add(item.id)
        return {
            item.id: str(self.values[item.id])
            for item in self.space.inputs
            if self.values[item.id] is not MISSING and item.id not in self.hidden
        }

    # --- validity (prorated scores refuse too many blanks) ---------------------------

    def _blank_state(self) -> tuple:
        return tuple(self._blanks(score) for score in self.space.prorated)

    def _blanks(self, score: Score) -> tuple[int, int]:
        shown = [q for q in score.items if q in self.values and q not in self.hidden]
        return len(shown), sum(1 for q in shown if self.values[q] is MISSING)

    def _valid(self, final: bool) -> bool:
        for score in self.space.prorated:
            shown, blank = self._blanks(score)
            if blank > score.prorate_up_to:
                return False
            done = final or all(q in self.values for q in score.items)
            if done and shown and blank == shown:
                return False
        return True

    # --- deciding -------------------------------------------------------------------

    def judge(self) -> object:
        """True or False when the goal is settled for every completion, else UNDECIDED."""
        settled = True
        goal = self.goal
        if goal.given is not None:
            given = self.decide(goal.given)
            if given is False:
                return False
            settled = settled and given is True
        if goal.outcomes is not None:
            outcome = self.outcome()
            if outcome is UNDECIDED:
                settled = False
            elif outcome not in goal.outcomes:
                return False
        if goal.safety is not None:
            raised = self.decide(self.space.safety) if self.space.safety is not None else False
            if raised is None:
                settled = False
            elif raised is not goal.safety:
                return False
        return True if settled else UNDECIDED

    def outcome(self) -> object:
        """The outcome's id (None: no outcome), or UNDECIDED."""
        for candidate in self.space.ordered:
            holds = self.decide(candidate.when)
            if holds is True:
                return candidate.id
            if holds is None:
                return UNDECIDED
        return None

    def decide(self, condition: Condition) -> bool | None:
        """Three-valued: True or False for every completion of this node, or None."""
        return evaluate(condition, self._answer, self._score_test)

    def _answer(self, _kind: str, question_id: str) -> object:
        return self.values.get(question_id, UNKNOWN)

    def _score_test(self, test: ScoreTest) -> bool | None:
        """True or False when every value the score can still take agrees, else None."""
        low, high = self.bounds(test.score)
        least, most = test.at_least, test.at_most
        if (least is None or low >= least) and (most is None or high <= most):
            return True
        if (least is not None and high < least) or (most is not None and low > most):
            return False
        return None

    def bounds(self, score_id: str) -> tuple[int, int]:
        """The lowest and highest value the score can still take."""
        if score_id in self.bounds_cache:
            return self.bounds_cache[score_id]
        space = self.space
        score = space.score_by_id[score_id]
        questions = space.score_items[score_id]
        if all(q.id in self.values for q in questions):
            value = self._exact(score, questions)
            found = (value, value)
        elif score.prorate_up_to:
            found = (score.minimum, score.maximum)
        else:
            low = high = 0
            ranges = space.score_range[score_id]
            for question in questions:
                if question.id in self.values:
                    value = space.contribution(score, question, self.values[question.id])
                    low, high = low + value, high + value
                else:
                    least, most = ranges[question.id]
                    low, high = low + least, high + most
            found = (low, high)
        self.bounds_cache[score_id] = found
        return found

    def _exact(self, score: Score, questions: list[Question]) -> int:
        total = sum(self.space.contribution(score, q, self.values[q.id]) for q in questions)
        if not score.prorate_up_to:
            return total
        shown = [q for q in questions if q.id not in self.hidden]
        answered = [q for q in shown if self.values[q.id] is not MISSING]
        if answered and len(answered) < len(shown):
            return round_half_up(total * len(shown), len(answered))
        return total
