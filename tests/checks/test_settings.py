"""The content checks' settings: defaults, and one message per bad value."""

from __future__ import annotations

import pytest
from content_checks.settings import CheckSettings, SettingsError, origin_of


def test_defaults():
    settings = CheckSettings.from_pelican({"PATH": "content", "SITEURL": ""})
    assert (
        settings.reading_grade_max,
        settings.review_warn_after_days,
        settings.review_fail_after_days,
        settings.review_enforce,
        settings.allowed_origins,
        settings.site_origin,
    ) == (8, 365, 730, False, (), None)


def test_site_origin_and_allowed_origins_are_normalised():
    settings = CheckSettings.from_pelican(
        {
            "SITEURL": "https://IOP-Guide.example.org/",
            "PRIVACY_ALLOWED_ORIGINS": ["https://media.example.org:443"],
        }
    )
    assert settings.site_origin == "https://iop-guide.example.org"
    assert settings.allowed_origins == ("https://media.example.org",)
    assert origin_of("http://localhost:8000/x") == "http://localhost:8000"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"READING_GRADE_MAX": "8"},
            "READING_GRADE_MAX must be a number above 0 (got '8'); the default is 8",
        ),
        (
            {"REVIEW_WARN_AFTER_DAYS": 0},
            "REVIEW_WARN_AFTER_DAYS must be a whole number of days, at least 1 (got 0); the "
            "default is 365",
        ),
        (
            {"REVIEW_WARN_AFTER_DAYS": 400, "REVIEW_FAIL_AFTER_DAYS": 300},
            "REVIEW_FAIL_AFTER_DAYS (300) must not be less than REVIEW_WARN_AFTER_DAYS (400): an "
            "article is first due for review, then stale",
        ),
        ({"REVIEW_ENFORCE": "yes"}, "REVIEW_ENFORCE must be True or False (got 'yes')"),
        (
            {"PRIVACY_ALLOWED_ORIGINS": "https://a.example"},
            "PRIVACY_ALLOWED_ORIGINS must be a list of origins (got 'https://a.example'); the "
            "default is []",
        ),
        (
            {"PRIVACY_ALLOWED_ORIGINS": ["https://a.example/videos"]},
            "PRIVACY_ALLOWED_ORIGINS: 'https://a.example/videos' is not an origin; write the "
            "scheme "
            "and host only, like 'https://media.example.org'",
        ),
    ],
)
def test_bad_values(overrides, message):
    with pytest.raises(SettingsError) as caught:
        CheckSettings.from_pelican(overrides)
    assert str(caught.value) == f"Content check settings in pelicanconf.py: {message}"
