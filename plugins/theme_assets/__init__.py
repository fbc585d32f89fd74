"""Pelican plugin: version theme files so hosts can cache them for a year.

Templates write `{{ SITEURL }}/theme/css/site.css?v={{ 'css/site.css'|theme_version }}`;
the version is a hash of the file, so a changed stylesheet gets a new URL and
an unchanged one is never downloaded twice (deploy/nginx marks /theme/
immutable).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pelican import signals


def _version_filter(theme: Path):
    versions: dict[str, str] = {}

    def theme_version(relative: str) -> str:
        if relative not in versions:
            path = theme / "static" / relative
            if not path.is_file():
                raise FileNotFoundError(
                    f"theme_version: {path} does not exist; check the path in the template"
                )
            versions[relative] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        return versions[relative]

    return theme_version


def _add_filter(generator) -> None:
    generator.env.filters["theme_version"] = _version_filter(Path(generator.theme))


def register() -> None:
    """Give every generator's templates the `theme_version` filter."""
    signals.generator_init.connect(_add_filter)
