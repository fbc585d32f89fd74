"""Settings for the production build (`make publish`): pelicanconf plus what a live site needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address of the site (PUBLIC_SITEURL in pelicanconf.py; set
# SITEURL in the environment to publish somewhere else).
SITEURL = PUBLIC_SITEURL  # noqa: F405
RELATIVE_URLS = False
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True

# Refuse to publish an article whose facts were last reviewed more than
# REVIEW_FAIL_AFTER_DAYS ago (pelicanconf.py), and never publish drafts.
REVIEW_ENFORCE = True
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

FEED_DOMAIN = SITEURL
