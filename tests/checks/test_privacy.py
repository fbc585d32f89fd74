"""Privacy guard: one test per kind of load from another site, with its exact message."""

from __future__ import annotations

import pytest
from content_checks.privacy import Policy, check_built_site, check_css, check_markdown, check_theme

NO_ONE = Policy(site_origin=None, allowed=())
ANOTHER = "another site, which would learn who reads this page"
IMAGE_FIX = (
    "save the image in content/images/ and write ![what the image shows]({static}/images/name.png)"
)
MEDIA_FIX = "link to it instead, for example [Watch the video](address)"
OTHER_FIX = "remove it (scripts, styles and fonts belong to the theme, which a developer maintains)"
TRACKER = (
    "a tracking service; this site promises its visitors no analytics and no trackers "
    "(content/pages/privacy.md), so remove it"
)
ALLOW = (
    " (a developer may add an origin to PRIVACY_ALLOWED_ORIGINS in pelicanconf.py, after a "
    "privacy review)"
)


def problems(site, body, policy=NO_ONE):
    return [str(p) for p in check_markdown(site.article(body), policy)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "![A clinic](https://images.example.com/clinic.jpg)",
            "the image 'https://images.example.com/clinic.jpg' loads from "
            "https://images.example.com, "
            f"{ANOTHER}; {IMAGE_FIX}",
        ),
        (
            '<img src="https://images.example.com/a.png" alt="A clinic">',
            f"<img> loads an image from https://images.example.com, {ANOTHER}; {IMAGE_FIX}",
        ),
        (
            '<img src="a.png" srcset="https://cdn.example.com/a-2x.png 2x" alt="A clinic">',
            f"<img> loads an image from https://cdn.example.com, {ANOTHER}; {IMAGE_FIX}",
        ),
        (
            '<script src="https://cdn.example.com/widget.js"></script>',
            f"<script> loads a script from https://cdn.example.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            '<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>',
            f"<iframe> loads a page in a frame from https://www.youtube.com, {ANOTHER}; "
            f"{MEDIA_FIX}",
        ),
        (
            '<video controls><source src="//media.example.com/v.mp4"></video>',
            f"<source> loads a media file from https://media.example.com, {ANOTHER}; {MEDIA_FIX}",
        ),
        (
            '<audio src="https://media.example.com/a.mp3"></audio>',
            f"<audio> loads a sound file from https://media.example.com, {ANOTHER}; {MEDIA_FIX}",
        ),
        (
            '<embed src="https://media.example.com/a.swf">',
            f"<embed> loads an embedded object from https://media.example.com, {ANOTHER}; "
            f"{MEDIA_FIX}",
        ),
        (
            '<object data="https://media.example.com/a.pdf"></object>',
            f"<object> loads an embedded object from https://media.example.com, {ANOTHER}; "
            f"{MEDIA_FIX}",
        ),
        (
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">',
            f"<link> loads a style sheet from https://fonts.googleapis.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            '<link rel="preload" as="font" href="https://fonts.gstatic.com/a.woff2">',
            f"<link> loads a file (preload) from https://fonts.gstatic.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            '<link rel="prefetch" href="https://cdn.example.com/next.html">',
            f"<link> loads a file (prefetch) from https://cdn.example.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            '<link rel="icon" href="https://cdn.example.com/favicon.ico">',
            f"<link> loads a file (icon) from https://cdn.example.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            "<style>@font-face { src: url(https://fonts.gstatic.com/inter.woff2); }</style>",
            f"url() loads a file (a font or an image) from https://fonts.gstatic.com, {ANOTHER}; "
            f"{OTHER_FIX}",
        ),
        (
            '<style>@import url("https://cdn.example.com/x.css");</style>',
            f"@import loads a style sheet from https://cdn.example.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            "<p style=\"background: url('https://img.example.com/bg.png')\">Hi</p>",
            f"url() in a style attribute loads a file (a font or an image) from "
            f"https://img.example.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            '<img src="https://ads.example.net/p.gif" width="1" height="1" alt="">',
            f"<img> loads a tracking pixel (a tiny invisible image) from https://ads.example.net, "
            f"{ANOTHER}; remove it (a tracking pixel shows nothing; it only reports who reads the "
            "page)",
        ),
        (
            '<form action="https://forms.example.com/submit"><input name="email"></form>',
            f"<form> sends what visitors type to https://forms.example.com, {ANOTHER}; remove the "
            "form (this site never sends what visitors type anywhere)",
        ),
        (
            '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
            "<script> loads a script from https://www.googletagmanager.com, "
            f"{ANOTHER}; {OTHER_FIX}",
        ),
        (
            "<script>window.dataLayer = window.dataLayer || []; gtag('config', 'G-1');</script>",
            f"<script> runs Google Tag Manager / Google Analytics code ('gtag('), {TRACKER}",
        ),
        (
            "<script>fbq('init', '123'); fbq('track', 'PageView');</script>",
            f"<script> runs the Meta (Facebook) Pixel code ('fbq('), {TRACKER}",
        ),
        (
            '<noscript><img height="1" width="1" src="https://www.facebook.com/tr?id=1"></noscript>',
            "<img> loads a tracking pixel (a tiny invisible image) from https://www.facebook.com, "
            f"{ANOTHER}; remove it (a tracking pixel shows nothing; it only reports who reads the "
            "page)",
        ),
        (
            "<script>(function(h,o,t,j,a,r){h.hj=h.hj||function(){};h._hjSettings={hjid:1};})"
            "(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');</script>",
            f"<script> runs Hotjar code ('_hjSettings'), {TRACKER}",
        ),
        (
            '<script src="https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js"></script>',
            f"<script> loads a script from https://cdn.segment.com, {ANOTHER}; {OTHER_FIX}",
        ),
        (
            # A tag manager's container snippet names no tracker call, only where it loads from.
            "<script>(function(w,d,s,l,i){w[l]=w[l]||[];var j=d.createElement(s);j.async=true;"
            "j.src='https://www.googletagmanager.com/gtm.js?id='+i;d.head.appendChild(j);})"
            "(window,document,'script','dataLayer','GTM-1');</script>",
            f"<script> code loads from https://www.googletagmanager.com, {ANOTHER}; {OTHER_FIX}",
        ),
    ],
)
def test_loads_from_other_sites_in_markdown(site, body, message):
    assert problems(site, "Text.\n" + body + "\n") == [
        f"content/articles/a.md:9: privacy: {message}"
    ]


def test_links_and_local_files_are_fine(site):
    body = (
        '[SAMHSA](https://www.samhsa.gov) <a href="https://findtreatment.gov">Find treatment</a>\n'
        '<link rel="alternate" href="https://example.org/feed.xml">\n'
        '<img src="{static}/images/a.png" alt="A room"> <img src="data:image/png;base64,AAAA" '
        'alt="">\n'
        '```\n<script src="https://cdn.example.com/in-a-code-example.js"></script>\n```\n'
        "Call [988](tel:988) or [mail us](mailto:help@example.org).\n"
    )
    assert problems(site, body) == []


def test_addresses_in_data_blocks_and_allowed_ones_in_code_are_fine(site):
    policy = Policy(site_origin="https://iop-guide.example.org", allowed=())
    body = (
        '<script type="application/ld+json">{"@context": "https://schema.org"}</script>\n'
        "<script>const here = 'https://iop-guide.example.org/search/';</script>\n"
    )
    assert problems(site, body, policy) == []


def test_allowed_and_own_origins_are_fine(site):
    policy = Policy(
        site_origin="https://iop-guide.example.org", allowed=("https://media.example.org",)
    )
    body = (
        '<img src="https://iop-guide.example.org/images/a.png" alt="A room">\n'
        '<video src="https://media.example.org/intro.mp4"></video>\n'
    )
    assert problems(site, body, policy) == []


def test_theme_templates_and_style_sheets(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theme/templates").mkdir(parents=True)
    (tmp_path / "theme/static/css").mkdir(parents=True)
    (tmp_path / "theme/templates/base.html").write_text(
        '<head>\n  <link rel="stylesheet" href="{{ SITEURL }}/theme/css/site.css">\n'
        '  <script src="https://cdn.example.com/lib.js"></script>\n</head>\n'
    )
    (tmp_path / "theme/static/css/site.css").write_text(
        "body { color: black; }\n\n@font-face { src: url('https://fonts.gstatic.com/x.woff2'); }\n"
        ".logo { background: url(../img/logo.svg); }\n"
    )
    fix = "copy the file into theme/static/ and load it from there, or remove it" + ALLOW
    assert [str(p) for p in check_theme(tmp_path / "theme", NO_ONE)] == [
        "theme/templates/base.html:3: privacy: <script> loads a script from "
        "https://cdn.example.com, "
        f"{ANOTHER}; {fix}",
        f"theme/static/css/site.css:3: privacy: url() loads a file (a font or an image) from "
        f"https://fonts.gstatic.com, {ANOTHER}; {fix}",
    ]


def test_built_pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out/a").mkdir(parents=True)
    (tmp_path / "out/a/index.html").write_text(
        "<!doctype html>\n<html>\n<body>\n"
        '<a href="https://www.samhsa.gov">SAMHSA</a>\n'
        '<script src="https://www.googletagmanager.com/gtm.js?id=GTM-1"></script>\n'
        '<iframe src="https://player.example.com/v/1"></iframe>\n</body>\n</html>\n'
    )
    (tmp_path / "out/site.css").write_text("@import 'https://cdn.example.com/x.css';\n")
    fix = "find the article, template or plugin that adds it and remove it there" + ALLOW
    assert [str(p) for p in check_built_site(tmp_path / "out", NO_ONE)] == [
        f"out/a/index.html:5: privacy: <script> loads a script from "
        f"https://www.googletagmanager.com, {ANOTHER}; {fix}",
        f"out/a/index.html:6: privacy: <iframe> loads a page in a frame from "
        f"https://player.example.com, {ANOTHER}; {fix}",
        f"out/site.css:1: privacy: @import loads a style sheet from https://cdn.example.com, "
        f"{ANOTHER}; {fix}",
    ]


def test_css_line_numbers_count_from_the_block(tmp_path):
    css = "a {}\n\nb { background: url(https://img.example.com/x.png) }\n"
    assert [p.line for p in check_css(css, "x.css", NO_ONE, "theme", first_line=10)] == [12]
