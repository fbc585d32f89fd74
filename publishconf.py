"""Settings for the production build (`make publish`): pelicanconf plus what a live site needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address of the site, without a trailing slash. Set SITEURL in the
# environment to publish somewhere else.
SITEURL = os.environ.get("SITEURL", "https://iop-guide.example.org")
RELATIVE_URLS = False
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True

# Refuse to publish an article whose facts were last reviewed more than
# REVIEW_FAIL_AFTER_DAYS ago (pelicanconf.py), and never publish drafts.
REVIEW_ENFORCE = True
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
