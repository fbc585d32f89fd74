"""`tools.publish`: which files get pre-compressed copies."""

from __future__ import annotations

import gzip
import os

from tools.publish import worth_compressing


def test_publish_compresses_what_is_not_compressed_already():
    engine_like = b"def score(answers):\n    return sum(answers)\n" * 2000
    assert worth_compressing(engine_like)
    # Pyodide's standard library zip is deflated already: brotli would spend
    # seconds on it to save about 2 %.
    assert not worth_compressing(gzip.compress(engine_like + os.urandom(70_000)))
