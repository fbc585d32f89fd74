"""Finish a production build: robots.txt, `_headers` and pre-compressed copies.

`make publish` runs Pelican with publishconf.py (which writes the feed and
sitemap.xml, as every build does: plugins/sitemap_xml), then this. Static
hosts (nginx with gzip_static/brotli_static, Netlify, Cloudflare Pages)
serve the .br and .gz copies to browsers that accept them; the largest files
(the Pyodide runtime and snapshot) shrink to a third or less.

Pyodide's wasm also gets a zstd copy (.zst), which deploy/nginx serves to
browsers that accept zstd: a returning visitor's browser decodes the wasm
from its cache on every visit, and zstd decodes about three times faster
than brotli, for 5 % more bytes (measured in benchmarks/README.md).

Brotli's best setting is what makes the copies small, and slow: about 40 s
for the 30 MB snapshot and 25 s for the wasm on one core. So every copy is
made once per content (cached by hash in .cache/compress/), and the copies
still to make are made in parallel, one process per core, largest first.

The maintained pelican-precompress plugin (2.4.0) was compared on the same
47 files: it makes the same .br and .gz bytes, file for file, but keeps no
cache (every publish spends the ~50 s of brotli again), spends brotli's best
setting on Pyodide's standard library zip, which is compressed already (58 kB
saved of 2.5 MB), and has no zstd copy worth serving (it uses zstd's default
level; a level as high as ours needs a window above 8 MB, which browsers
refuse unless it is limited, as zstd_compress does). So this stays ours.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli
import zstandard

ROOT = Path(__file__).resolve().parent.parent
COMPRESSIBLE = {
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".svg",
    ".xml",
    ".txt",
    ".wasm",
    ".bin",
    ".webmanifest",
    ".ico",
    ".zip",  # the engine's zip stores its files uncompressed for this
}
MIN_SIZE = 1024  # smaller files gain nothing worth a second request path
# Only the wasm: a zstd snapshot was 0.3 MB larger and no sooner ready
# (benchmarks/README.md, "What was tried").
ZSTD_SUFFIXES = {".wasm"}
# RFC 9659: a zstd content coding must not need a window above 8 MB (2**23),
# the most a browser will keep; Chromium refuses larger ones.
ZSTD_WINDOW_LOG = 23
ZSTD_LEVEL = 19
SAMPLE = 64 * 1024


def worth_compressing(data: bytes) -> bool:
    """Whether the file is not compressed already (Pyodide's standard library zip is).

    A fast deflate of its first 64 kB must save at least 5 %; brotli at its
    best would otherwise spend seconds to save about 2 %.
    """
    sample = data[:SAMPLE]
    return len(zlib.compress(sample, 1)) < 0.95 * len(sample)


def zstd_compress(data: bytes) -> bytes:
    """A zstd frame any browser can decode: level 19, a window of at most 8 MB."""
    parameters = zstandard.ZstdCompressionParameters.from_level(
        ZSTD_LEVEL, window_log=ZSTD_WINDOW_LOG, write_content_size=True
    )
    return zstandard.ZstdCompressor(compression_params=parameters).compress(data)


ZSTD_KIND = f"zst{ZSTD_LEVEL}w{ZSTD_WINDOW_LOG}"  # new settings, new cache entries
# kind in the cache -> (suffix of the copy, how to make it)
CODINGS = {
    "gz": (".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
    "br": (".br", lambda data: brotli.compress(data, quality=11)),
    ZSTD_KIND: (".zst", zstd_compress),
}


def _make(kind: str, path: Path) -> bytes:
    # Runs in a worker process: reads the file itself rather than receive 30 MB.
    return CODINGS[kind][1](path.read_bytes())


def compress_tree(output: Path, cache: Path, workers: int | None = None) -> tuple[int, int, int]:
    """Write .gz and .br (and .zst, see ZSTD_SUFFIXES) beside every compressible file.

    Returns (files, bytes, br bytes).
    """
    plan = []  # (path, size, [(kind, cache file)])
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE or not worth_compressing(data):
            continue
        key = hashlib.sha256(data).hexdigest()
        kinds = ["gz", "br", *([ZSTD_KIND] if path.suffix in ZSTD_SUFFIXES else [])]
        plan.append((path, len(data), [(kind, cache / f"{key}.{kind}") for kind in kinds]))
    missing = {}
    for path, size, copies in plan:
        for kind, cached in copies:
            if not cached.exists() and cached not in missing:
                missing[cached] = (size, kind, path)
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        jobs = sorted(missing.items(), key=lambda job: -job[1][0])  # largest first
        workers = workers or min(len(jobs), os.cpu_count() or 1)
        if workers == 1:
            results = (_make(kind, path) for _, (_, kind, path) in jobs)
            for (cached, _), result in zip(jobs, results, strict=True):
                cached.write_bytes(result)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [
                    (cached, pool.submit(_make, kind, path)) for cached, (_, kind, path) in jobs
                ]
                for cached, future in futures:
                    cached.write_bytes(future.result())
    files = total = total_br = 0
    for path, size, copies in plan:
        for kind, cached in copies:
            copy = cached.read_bytes()
            path.with_name(path.name + CODINGS[kind][0]).write_bytes(copy)
            if kind == "br":
                total_br += len(copy)
        files, total = files + 1, total + size
    return files, total, total_br


def headers_file(csp: str, admin_csp: str | None = None) -> str:
    """The `_headers` file read by Netlify and Cloudflare Pages (same rules as deploy/nginx).

    `admin_csp`: the editor's page is published (EDITOR_ON_PUBLIC_SITE), and
    /admin/ gets its own policy instead of the site's (`! Name` detaches a
    header set by a broader rule, in Cloudflare Pages' syntax).
    """
    security = [
        f"Content-Security-Policy: {csp}; frame-ancestors 'none'",
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()",
        "Cross-Origin-Opener-Policy: same-origin",
        # HTTPS only, as deploy/nginx/security-headers.conf explains.
        "Strict-Transport-Security: max-age=63072000; includeSubDomains",
    ]
    lines = ["# Generated by `make publish` (tools/publish.py) from pelicanconf.CSP_POLICY.", "/*"]
    lines += [f"  {header}" for header in security]
    # Pages keep the host's default (revalidate); versioned files never change.
    for versioned in ("/static/*", "/theme/*"):
        lines += [versioned, "  Cache-Control: public, max-age=31536000, immutable"]
    if admin_csp:
        lines += [
            "/admin/*",
            "  ! Content-Security-Policy",
            f"  Content-Security-Policy: {admin_csp}; frame-ancestors 'none'",
            "  X-Robots-Tag: noindex",
        ]
    return "\n".join(lines) + "\n"


def robots(siteurl: str) -> str:
    """robots.txt: everything may be indexed; here is the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output", type=Path)
    parser.add_argument("--cache", default=ROOT / ".cache" / "compress", type=Path)
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    settings = read_settings(args.settings)
    siteurl = settings["SITEURL"].rstrip("/")
    if not siteurl.startswith(("https://", "http://")):
        print(
            f"SITEURL must be an absolute address for publishing (got {siteurl!r}).",
            file=sys.stderr,
        )
        return 1
    if not (args.output / "sitemap.xml").is_file():
        print(
            f"{args.output}/sitemap.xml is missing: build with publishconf.py first "
            "(the sitemap_xml plugin writes it).",
            file=sys.stderr,
        )
        return 1
    (args.output / "robots.txt").write_text(robots(siteurl), encoding="utf-8")
    from tools import editor

    try:
        admin_csp = (
            editor.production_csp(settings) if editor.publish(settings, args.output) else None
        )
    except RuntimeError as error:
        print(f"EDITOR_ON_PUBLIC_SITE is on, but {error}", file=sys.stderr)
        return 1
    (args.output / "_headers").write_text(
        headers_file(settings["CSP_POLICY"], admin_csp), encoding="utf-8"
    )
    files, total, total_br = compress_tree(args.output, args.cache)
    print(
        f"Wrote robots.txt and _headers. Pre-compressed {files} "
        f"files: {total / 1e6:.1f} MB -> {total_br / 1e6:.1f} MB with brotli "
        "(gzip copies too, and zstd for the wasm)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
