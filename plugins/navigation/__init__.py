"""Pelican plugin: reader navigation (table of contents, related articles, previous/next)."""


def register() -> None:
    """Connect nothing yet."""
