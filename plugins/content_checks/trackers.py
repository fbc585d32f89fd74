"""Known analytics and advertising trackers, recognised by the calls their code makes.

The privacy page promises visitors that no tool counts their visits. These
are the services a marketing team is most likely to be asked to paste in.
Wherever a tracker loads from, that load is already refused like any other
load from another site (privacy.py), so no addresses are kept here: only the
calls that give a pasted snippet away even when it names no address, so the
message can say which tracker was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Tracker:
    """A tracking service: its name and patterns of the calls its snippet makes."""

    name: str
    calls: tuple[str, ...]


TRACKERS = (
    Tracker(
        "Google Tag Manager / Google Analytics",
        (r"\bgtag\s*\(", r"\bdataLayer\.push\s*\(", r"\bga\s*\(\s*['\"]", r"GoogleAnalyticsObject"),
    ),
    Tracker("the Meta (Facebook) Pixel", (r"\bfbq\s*\(",)),
    Tracker("Hotjar", (r"\bhj\s*\(", r"_hjSettings")),
    Tracker("Segment", (r"\banalytics\.(?:load|track|page|identify)\s*\(",)),
    Tracker("Microsoft Clarity", (r"\bclarity\s*\(\s*['\"]",)),
    Tracker("the LinkedIn Insight Tag", (r"_linkedin_partner_id",)),
    Tracker("the TikTok Pixel", (r"\bttq\.(?:load|page|track)\s*\(",)),
    Tracker("the X (Twitter) Pixel", (r"\btwq\s*\(",)),
    Tracker("Mixpanel", (r"\bmixpanel\.(?:init|track)\s*\(",)),
)


def trackers_in_code(code: str) -> list[tuple[Tracker, str]]:
    """Each tracker whose typical call appears in script code, with what was seen."""
    found = []
    for tracker in TRACKERS:
        for call in tracker.calls:
            match = re.search(call, code)
            if match:
                found.append((tracker, match[0].strip()))
                break
    return found
