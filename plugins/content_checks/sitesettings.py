"""The settings that become links on every page: SITEURL, QUICK_EXIT_URL, CRISIS_ACTIONS, PROVIDER.

Templates escape every setting, so a quote or a `<` in one cannot break a
page; but an escaped `javascript:` address is still a link that runs code,
and a crisis button that goes nowhere fails the person who needs it most.
These are checked before every build, like the content.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .allowlist import scheme
from .problems import Problem

SETTINGS_FILE = "pelicanconf.py"
_PHONE_RE = re.compile(r"\+?[0-9][0-9 ().-]*")


def check_site_settings(settings: dict) -> list[Problem]:
    """Problems with the settings every page links to."""
    problems = []
    siteurl = settings.get("SITEURL", "")
    if not isinstance(siteurl, str) or (siteurl and not _web_address(siteurl)):
        problems.append(
            _problem(
                "SITEURL",
                f"{siteurl!r} is not the site's address; leave it '' (local builds) or write "
                "one such as 'https://iop-guide.example.org', with no '/' at the end",
            )
        )
    elif siteurl.endswith("/"):
        problems.append(_problem("SITEURL", f"{siteurl!r} must not end with '/'; remove it"))
    quick_exit = settings.get("QUICK_EXIT_URL")
    if quick_exit is not None and not (isinstance(quick_exit, str) and _web_address(quick_exit)):
        problems.append(
            _problem(
                "QUICK_EXIT_URL",
                f"{quick_exit!r} is not an https:// address; write one such as "
                "'https://www.google.com/' (a neutral page), or None to show no button",
            )
        )
    actions = settings.get("CRISIS_ACTIONS") or []
    for index, action in enumerate(actions if isinstance(actions, list | tuple) else [actions]):
        href = action.get("href") if isinstance(action, dict) else None
        label = action.get("label") if isinstance(action, dict) else None
        if not isinstance(label, str) or not label.strip():
            problems.append(
                _problem(f"CRISIS_ACTIONS[{index}]", "needs a 'label', such as 'Call 988'")
            )
        if not isinstance(href, str) or not _action_address(href):
            problems.append(
                _problem(
                    f"CRISIS_ACTIONS[{index}]",
                    f"'href' {href!r} is not an address a phone can act on; write 'tel:988', "
                    "'sms:988' or an https:// address",
                )
            )
    provider = settings.get("PROVIDER")
    if isinstance(provider, dict):
        url = provider.get("url")
        if url is not None and not (isinstance(url, str) and _web_address(url)):
            problems.append(
                _problem("PROVIDER", f"'url' {url!r} is not an https:// address; write one")
            )
        phone = provider.get("phone")
        if phone is not None and not (isinstance(phone, str) and _PHONE_RE.fullmatch(phone)):
            problems.append(
                _problem(
                    "PROVIDER", f"'phone' {phone!r} is not a phone number; write one like 555-0100"
                )
            )
    elif provider is not None:
        problems.append(
            _problem("PROVIDER", f"must be None or a dict with 'name' (got {provider!r})")
        )
    return problems


def _problem(field: str, message: str) -> Problem:
    return Problem(SETTINGS_FILE, None, field, message)


def _web_address(url: str) -> bool:
    """An http(s) address with a host, without quotes, spaces or control characters."""
    if re.search(r"[\s\"'<>`\\\x00-\x1f]", url) or scheme(url) not in ("https", "http"):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.hostname)


def _action_address(href: str) -> bool:
    found = scheme(href)
    if found in ("tel", "sms"):
        return bool(_PHONE_RE.fullmatch(href.split(":", 1)[1]))
    return found == "https" and _web_address(href)
