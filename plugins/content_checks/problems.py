"""A problem found in the site's sources (see `author_errors`), and the error that stops a build."""

from __future__ import annotations

from author_errors import AuthorError, Problem

__all__ = ["ContentError", "Problem"]


class ContentError(AuthorError):
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
        super().__init__(header, self.problems)
