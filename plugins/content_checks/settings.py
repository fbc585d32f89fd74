"""The content checks' settings: defaults in one place, read once and validated.

Every value can be set in pelicanconf.py (or publishconf.py); a missing one
takes its default, so the checks need no configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULTS: dict[str, object] = {
    # The highest Flesch-Kincaid grade an article may have without a warning.
    "READING_GRADE_MAX": 8,
    # `make check` warns when an article's Reviewed date is older than this.
    "REVIEW_WARN_AFTER_DAYS": 365,
    # Older than this, the article is stale: an error wherever REVIEW_ENFORCE is on.
    "REVIEW_FAIL_AFTER_DAYS": 730,
    # publishconf.py turns this on, so `make publish` refuses stale articles.
    "REVIEW_ENFORCE": False,
    # Other origins pages may load anything from (each one needs a privacy review).
    "PRIVACY_ALLOWED_ORIGINS": [],
}


class SettingsError(Exception):
    """A setting of the content checks has a value they cannot use."""

    is_author_error = True


def origin_of(url: str) -> str | None:
    """`https://Example.org:443/x` -> `https://example.org`; None without a host."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(scheme)
    host = parts.hostname.lower()
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


@dataclass(frozen=True)
class CheckSettings:
    """The validated settings of one run of the checks."""

    content_path: Path
    theme_path: Path
    output_path: Path
    site_origin: str | None
    reading_grade_max: float
    review_warn_after_days: int
    review_fail_after_days: int
    review_enforce: bool
    allowed_origins: tuple[str, ...]

    @classmethod
    def from_pelican(cls, settings: dict) -> CheckSettings:
        """Read and check the values of a Pelican settings dict; raise SettingsError."""
        values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
        problems = []
        grade = values["READING_GRADE_MAX"]
        if isinstance(grade, bool) or not isinstance(grade, int | float) or grade <= 0:
            problems.append(
                f"READING_GRADE_MAX must be a number above 0 (got {grade!r}); the default is 8"
            )
        for key in ("REVIEW_WARN_AFTER_DAYS", "REVIEW_FAIL_AFTER_DAYS"):
            days = values[key]
            if isinstance(days, bool) or not isinstance(days, int) or days < 1:
                problems.append(
                    f"{key} must be a whole number of days, at least 1 (got {days!r}); "
                    f"the default is {DEFAULTS[key]}"
                )
        warn, fail = values["REVIEW_WARN_AFTER_DAYS"], values["REVIEW_FAIL_AFTER_DAYS"]
        if not problems and fail < warn:
            problems.append(
                f"REVIEW_FAIL_AFTER_DAYS ({fail}) must not be less than REVIEW_WARN_AFTER_DAYS "
                f"({warn}): an article is first due for review, then stale"
            )
        if not isinstance(values["REVIEW_ENFORCE"], bool):
            problems.append(
                f"REVIEW_ENFORCE must be True or False (got {values['REVIEW_ENFORCE']!r})"
            )
        allowed, origin_problems = _origins(values["PRIVACY_ALLOWED_ORIGINS"])
        problems.extend(origin_problems)
        if problems:
            raise SettingsError("Content check settings in pelicanconf.py: " + "; ".join(problems))
        root = Path(settings.get("PATH", "content"))
        return cls(
            content_path=root,
            theme_path=Path(settings.get("THEME", "theme")),
            output_path=Path(settings.get("OUTPUT_PATH", "output")),
            site_origin=origin_of(settings.get("SITEURL") or ""),
            reading_grade_max=grade,
            review_warn_after_days=warn,
            review_fail_after_days=fail,
            review_enforce=values["REVIEW_ENFORCE"],
            allowed_origins=allowed,
        )


def _origins(value: object) -> tuple[tuple[str, ...], list[str]]:
    if not isinstance(value, list | tuple):
        return (), [
            f"PRIVACY_ALLOWED_ORIGINS must be a list of origins (got {value!r}); the default is []"
        ]
    origins, problems = [], []
    for item in value:
        origin = origin_of(item) if isinstance(item, str) else None
        parts = urlsplit(item) if isinstance(item, str) else None
        if origin is None or parts.path not in ("", "/") or parts.query or parts.fragment:
            problems.append(
                f"PRIVACY_ALLOWED_ORIGINS: {item!r} is not an origin; write the scheme and host "
                "only, like 'https://media.example.org'"
            )
        else:
            origins.append(origin)
    return tuple(origins), problems
