"""Compressed responses for the development server, as a production host sends them.

`make serve` and `make edit` build without pre-compressed copies, so the
server compresses on the fly: brotli for browsers that accept it, else
gzip, at fast levels (the 30 MB Pyodide snapshot takes about 0.3 s at
brotli 6; `make publish` spends its time on the smallest bytes instead).
Results are kept in memory by content hash, so a rebuild that copies the
same runtime again costs nothing. Where `make publish` left a `.br` or
`.gz` copy beside a file, that copy is sent, as nginx's brotli_static does.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

import brotli

# What a production host compresses (tools/publish.py and deploy/nginx agree).
COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/wasm",
    "application/xml",
    "application/atom+xml",
    "application/octet-stream",
    "application/zip",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
)
MIN_SIZE = 1024
BROTLI_QUALITY = 6
GZIP_LEVEL = 6
CACHE_BYTES = 256 * 1024 * 1024
SUFFIXES = {"br": ".br", "gzip": ".gz"}


def compressible(content_type: str) -> bool:
    """Whether a response of this type is worth compressing."""
    return content_type.split(";")[0].strip().lower().startswith(COMPRESSIBLE_TYPES)


def accepted(header: str | None) -> list[str]:
    """The codings this server offers that an Accept-Encoding header allows, best first."""
    allowed = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[name] = quality
    wildcard = allowed.get("*", 0.0)
    return [c for c in ("br", "gzip") if allowed.get(c, wildcard) > 0]


def _compress(coding: str, data: bytes) -> bytes:
    if coding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


class Compressor:
    """Compress response bodies once per content and coding; thread-safe."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit = limit
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._busy: dict[tuple[str, str], threading.Lock] = {}

    def compress(self, coding: str, data: bytes) -> bytes:
        """`data` in `coding` ("br" or "gzip")."""
        key = (hashlib.sha256(data).hexdigest(), coding)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:  # two requests for the same new file compress it once
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
            result = _compress(coding, data)
            with self._lock:
                self._busy.pop(key, None)
                self._cache[key] = result
                self._size += len(result)
                while self._size > self.limit and len(self._cache) > 1:
                    _, dropped = self._cache.popitem(last=False)
                    self._size -= len(dropped)
        return result


def precompressed(path: Path, coding: str) -> Path | None:
    """A `make publish` copy of `path` in `coding`, if there is one as new as the file."""
    copy = path.with_name(path.name + SUFFIXES[coding])
    try:
        if copy.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            return copy
    except OSError:
        return None
    return None
