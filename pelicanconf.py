"""Settings for building the site locally (`make html`, `make serve`, tests).

`publishconf.py` imports everything here and changes only what production needs.
Every setting a non-developer may want to change is near the top, with a comment.
"""

import os

from jinja2 import FileSystemBytecodeCache

SITENAME = "Understanding Intensive Outpatient Programs"
SITE_SHORT_NAME = "IOP Guide"
SITE_DESCRIPTION = (
    "Plain-language guides to Intensive Outpatient Programs (IOPs) for mental health "
    "and substance use, and private self-checks that never leave your device."
)
SITEURL = ""
RELATIVE_URLS = True
# The public address of the site, without a trailing slash: publishconf.py
# publishes there, and the feed and sitemap of every build use it, so they
# can be checked before going live. Set SITEURL in the environment to
# publish somewhere else.
PUBLIC_SITEURL = os.environ.get("SITEURL", "https://iop-guide.example.org").rstrip("/")
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# --- Who stands behind the site -------------------------------------------
# The organization that publishes the site and an address readers can write
# to about a mistake. Shown on the About page and given to search engines as
# the "publisher" of every article. PLACEHOLDERS: example.org is reserved for
# examples and reaches no one; put in the real publisher and a monitored
# address before the site goes live (`make check` warns until then).
PUBLISHER = {
    "name": "IOP Guide publisher (placeholder name)",
    "url": "https://example.org/",
    "email": "editor@example.org",
}
# Who wrote an article when it was not one named person: the team. `make new`
# writes it as the new article's "Author:"; pages show it after "the" ("By the
# IOP Guide editorial team"), and the feed names each article's author. Never
# an invented person.
AUTHOR = "IOP Guide editorial team"
# The page that shows the publisher and the contact address.
ABOUT_PAGE_SLUG = "about"

# --- Call to action -------------------------------------------------------
# An optional provider line shown at the end of articles. Leave None to show
# nothing. Example: PROVIDER = {"name": "Example Clinic", "phone": "555-0100",
# "url": "https://example.org/intake"}
PROVIDER = None

# --- Crisis help ----------------------------------------------------------
# Shown on every page (banner) and on the "Get help now" page. Wording follows
# shared/research/instruments.md section 12; re-check the live pages before
# changing it.
CRISIS_PAGE_SLUG = "get-help-now"
# The crisis buttons beside every safety answer in a self-check, and (unless
# "banner": False) in the banner on every page. Each is a link a phone can act
# on at once; the chat opens the Lifeline's own chat page.
CRISIS_ACTIONS = [
    {"label": "Call 988", "href": "tel:988"},
    {"label": "Text 988", "href": "sms:988"},
    {"label": "Chat with 988", "href": "https://988lifeline.org/chat/", "banner": False},
    {"label": "Call 911", "href": "tel:911", "urgent": True},
]
# "Leave this site" (on the self-checks and the get-help page) replaces the
# page with this neutral one, so the back button does not return here.
QUICK_EXIT_URL = "https://www.google.com/"

# The first pages the home page offers a frightened first-time reader, after
# "Get help now": the article that explains an IOP (its slug) and the
# self-check that helps decide (its id in content/screeners/).
HOME_START_ARTICLE = "what-is-an-iop"
HOME_START_SELF_CHECK = "iop-fit"

# The order of topics on the home and Topics pages (others follow, A to Z).
NAVIGATION_TOPIC_ORDER = [
    "Understanding IOPs",
    "Deciding on care",
    "Starting and staying well",
    "For families and friends",
]

# --- Paths ---------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
# Screener definitions are data for the screener plugin, never pages.
ARTICLE_EXCLUDES = ["screeners"]
PAGE_EXCLUDES = ["screeners"]
THEME = "theme"
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True
# Pelican's content cache makes an incremental rebuild after one edit fast.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"

# --- URLs: clean, stable, no file extensions --------------------------------
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "topics/{slug}/"
CATEGORY_SAVE_AS = "topics/{slug}/index.html"
CATEGORIES_URL = "topics/"
CATEGORIES_SAVE_AS = "topics/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"

# One Atom feed of every article, in every build (so `make html` shows what
# will be published). Its links use the public address.
FEED_DOMAIN = PUBLIC_SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Markdown --------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False, "toc_depth": "2-3"},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = False

# --- Templates -------------------------------------------------------------
# Every template escapes what it shows unless it is marked safe: a title or a
# self-check's text is always text, never HTML. (Pelican's default leaves
# escaping off.)
#
# Jinja keeps each template compiled in .cache/jinja between builds and
# compiles it again when its source changes (the file holds the source's
# checksum). Compiling the theme's and the self-checks' templates took 70-80 ms
# of every 0.5 s build (benchmarks/README.md). Delete the folder at any time;
# the next build fills it again.
_JINJA_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "jinja")
os.makedirs(_JINJA_CACHE, exist_ok=True)
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "bytecode_cache": FileSystemBytecodeCache(_JINJA_CACHE),
}

# --- Plugins -----------------------------------------------------------------
PLUGINS = [
    "content_checks",
    "navigation",
    "theme_assets",
    "screeners",
    "search_index",
    "sitemap_xml",
]

# --- Self-checks ---------------------------------------------------------------
# The order of the self-checks on the home page and the self-checks page
# (ids are the file names in content/screeners/; any not listed follow, A to Z).
SCREENER_ORDER = ["iop-fit", "phq-9", "gad-7", "audit-c", "pc-ptsd-5"]

# --- Content checks (make check; see AUTHORING.md) ----------------------------
READING_GRADE_MAX = 8  # warn when an article reads above this school grade
REVIEW_WARN_AFTER_DAYS = 365  # warn when a review is older than this
REVIEW_FAIL_AFTER_DAYS = 730  # make publish refuses an article older than this
REVIEW_ENFORCE = False  # publishconf.py turns this on

# --- Privacy -----------------------------------------------------------------
# Origins other than this site that pages may load anything from. Keep it
# empty: every addition needs a privacy review (see AUTHORING.md).
PRIVACY_ALLOWED_ORIGINS = []

# The Content-Security-Policy sent in a <meta> tag on every page. Directives
# that browsers ignore in <meta> (frame-ancestors) are added by the host
# configuration in deploy/.
CSP_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        # blob: because the scoring worker starts from a blob: module: a worker
        # started from the site's URL gets only the CSP of its own response,
        # never this <meta> one, so on a host that sends no headers it could
        # connect anywhere (tests/browser/test_runtime.py shows it does).
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "img-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)

# --- The web editor --------------------------------------------------------
# `make edit` serves it at /admin/ on your computer. The public site has no
# editor unless EDITOR_ON_PUBLIC_SITE is True: then `make publish` adds it at
# /admin/, signing in to the Git host in EDITOR_BACKEND (Decap CMS's backend
# settings; see AUTHORING.md, "Editing on the live site"). The editor's page
# may then talk to EDITOR_BACKEND_ORIGINS, and to nothing else.
EDITOR_ON_PUBLIC_SITE = False
EDITOR_BACKEND = {
    "name": "gitlab",
    "repo": "example/iop-guide",
    "branch": "main",
    "auth_type": "pkce",
    "app_id": "the-application-id-from-gitlab",
}
EDITOR_BACKEND_ORIGINS = ["https://gitlab.com"]

# The web editor's page (/admin/; see AUTHORING.md) has its
# own, looser policy, sent for /admin/ alone. Every other page keeps the one
# above. What it adds, and why (each was tried without, in Chromium):
#   script-src 'unsafe-eval'  Decap CMS checks its configuration with ajv, which
#                             compiles each schema into a function; without it
#                             the editor stops at "Error compiling schema".
#   style-src 'unsafe-inline' Decap styles itself with Emotion (CSS-in-JS), which
#                             writes <style> elements; without it, no layout.
# Still nothing from another site: every source is 'self'.
ADMIN_CSP_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)
