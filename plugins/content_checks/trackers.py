"""Known analytics and advertising trackers: where they load from and how their code looks.

The privacy page promises visitors that no tool counts their visits. These
are the services a marketing team is most likely to be asked to paste in;
the privacy check names them so the message says exactly what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Tracker:
    """A tracking service: its name, the hosts it loads from, and calls its snippet makes."""

    name: str
    domains: tuple[str, ...]
    calls: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        """The origin its snippet loads from, as PRIVACY_ALLOWED_ORIGINS would name it."""
        return f"https://{self.domains[0]}"


TRACKERS = (
    Tracker(
        "Google Tag Manager / Google Analytics",
        (
            "www.googletagmanager.com",
            "googletagmanager.com",
            "google-analytics.com",
            "analytics.google.com",
        ),
        (r"\bgtag\s*\(", r"\bdataLayer\.push\s*\(", r"\bga\s*\(\s*['\"]", r"GoogleAnalyticsObject"),
    ),
    Tracker(
        "Google advertising (DoubleClick)",
        (
            "googleads.g.doubleclick.net",
            "doubleclick.net",
            "googleadservices.com",
            "googlesyndication.com",
        ),
    ),
    Tracker(
        "the Meta (Facebook) Pixel",
        ("connect.facebook.net", "facebook.net", "facebook.com"),
        (r"\bfbq\s*\(",),
    ),
    Tracker(
        "Hotjar", ("static.hotjar.com", "hotjar.com", "hotjar.io"), (r"\bhj\s*\(", r"_hjSettings")
    ),
    Tracker(
        "Segment",
        ("cdn.segment.com", "segment.com", "segment.io"),
        (r"\banalytics\.(?:load|track|page|identify)\s*\(",),
    ),
    Tracker("Microsoft Clarity", ("www.clarity.ms", "clarity.ms"), (r"\bclarity\s*\(\s*['\"]",)),
    Tracker(
        "the LinkedIn Insight Tag",
        ("snap.licdn.com", "px.ads.linkedin.com"),
        (r"_linkedin_partner_id",),
    ),
    Tracker("the TikTok Pixel", ("analytics.tiktok.com",), (r"\bttq\.(?:load|page|track)\s*\(",)),
    Tracker(
        "the X (Twitter) Pixel", ("static.ads-twitter.com", "ads-twitter.com"), (r"\btwq\s*\(",)
    ),
    Tracker("Mixpanel", ("cdn.mxpnl.com", "mixpanel.com"), (r"\bmixpanel\.(?:init|track)\s*\(",)),
)


def tracker_for_host(host: str) -> Tracker | None:
    """Return the tracker a host belongs to (one of its domains, or a subdomain of one)."""
    host = host.lower().rstrip(".")
    for tracker in TRACKERS:
        if any(host == d or host.endswith("." + d) for d in tracker.domains):
            return tracker
    return None


def trackers_in_code(code: str) -> list[tuple[Tracker, str]]:
    """Each tracker whose domain or typical call appears in script code, with what was seen."""
    found = []
    for tracker in TRACKERS:
        for domain in tracker.domains:
            match = re.search(rf"(?<![\w.-])(?:[\w-]+\.)*{re.escape(domain)}\b", code, re.I)
            if match:
                found.append((tracker, match[0]))
                break
        else:
            for call in tracker.calls:
                match = re.search(call, code)
                if match:
                    found.append((tracker, match[0].strip()))
                    break
    return found
