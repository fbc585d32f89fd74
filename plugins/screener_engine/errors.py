"""The engine's only exceptions: one problem each, with a path, a message and a hint.

A *key path* (`KeyPath`) says where the problem is, as a tuple of keys and list indexes:
``("questions", 3, "options", 1, "value")`` is shown as
``questions[3].options[1].value``. Definition problems are collected and
raised together as `DefinitionErrors`; problems with a visitor's answers as
`AnswerErrors`.
"""

from __future__ import annotations

from collections.abc import Iterable

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """Show a path the way an author reads it: ``questions[3].options[1].value``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class ScreenerError(Exception):
    """One problem: where it is (`path`), what is wrong (`message`), how to fix it (`hint`)."""

    def __init__(self, path: KeyPath, message: str, hint: str = ""):
        self.path = tuple(path)
        self.message = message
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        """``path: message``, or just the message when the path is empty."""
        where = format_path(self.path)
        return f"{where}: {self.message}" if where else self.message

    def __eq__(self, other: object) -> bool:
        return (
            type(self) is type(other)
            and (self.path, self.message, self.hint) == (other.path, other.message, other.hint)  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.path, self.message, self.hint))


class DefinitionError(ScreenerError):
    """A mistake in a screener definition (for its author)."""


class AnswerError(ScreenerError):
    """A problem with a visitor's answers; `message` is written for the visitor.

    `question` is the id of the question (or variant) concerned, or None when
    the problem is with the request as a whole.
    """

    def __init__(self, path: KeyPath, message: str, hint: str = "", question: str | None = None):
        self.question = question
        super().__init__(path, message, hint)


class _ErrorList(ScreenerError):
    """Several problems raised together; `errors` keeps their order."""

    where = ""

    def __init__(self, errors: Iterable[ScreenerError]):
        self.errors = list(errors)
        count = len(self.errors)
        header = f"{count} problem{'s' if count != 1 else ''} {self.where}"
        body = "\n".join(f"  {error.line()}" for error in self.errors)
        super().__init__((), f"{header}:\n{body}" if body else header)


class DefinitionErrors(_ErrorList, DefinitionError):
    """Every mistake found in one definition, raised together after validation."""

    where = "in the definition"


class AnswerErrors(_ErrorList, AnswerError):
    """Every problem found in one set of answers, raised together.

    `flags` holds the safety flags that the answers given so far already
    raise, whatever the missing or refused answers turn out to be: crisis help
    must not wait for a complete form.
    """

    where = "with the answers"
    flags: tuple = ()
