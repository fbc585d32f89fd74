"""A problem found in the site's sources, and the error that stops a build."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one file.

    `file` is the path as the author sees it (relative to the project), `line`
    is 1-based or None when the problem is about the whole file, and `field`
    names what is wrong (a front-matter field such as `Date`, or a check name).
    """

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" stops the build; "warning" is reported by `make check`

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class ContentError(Exception):
    """Raised when sources have errors; the message lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        files = {p.file for p in self.problems}
        count = len(self.problems)
        header = (
            f"The site was not built: {count} problem{'s' if count != 1 else ''} "
            f"in {len(files)} file{'s' if len(files) != 1 else ''}. Fix "
            f"{'them' if count != 1 else 'it'} and build again."
        )
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
