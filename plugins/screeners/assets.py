"""The files a self-check needs in the browser, with content-hashed names.

- the Pyodide runtime, copied from the pinned npm package into a folder whose
  name carries the version and a hash of the files (the loader needs fixed
  file names inside it);
- the engine: the `screener_engine` package plus every definition
  (`bundle.json`), as one zip the worker unpacks;
- the two scripts and the widget stylesheet;
- optionally a Pyodide memory snapshot with the engine already imported,
  made with Node.js and cached between builds because it takes seconds.

Everything is planned first (names and URLs, needed to render pages) and
written at the end of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

from .settings import ScreenerSettings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
SNAPSHOT_SCRIPT = Path(__file__).parent / "snapshot.mjs"
# The runtime files the worker loads. pyodide-lock.json is not needed: the
# worker passes an empty package list (the engine uses the standard library only).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Engine modules only the build uses (the schema export, the proofs over the
# whole answer space, the instant safety layer): the browser never imports
# them, and the snapshot's replay of every request proves it.
BUILD_ONLY = frozenset({"schema_file.py", "proofs.py", "space.py", "instant.py"})
# A fixed timestamp keeps the engine zip, and so its hash, the same between builds.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A zip archive with nothing in it (just the end-of-central-directory record).
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)
# Snapshots kept in the cache: the newest ones used, so that the real site and
# a smaller test site built in turn do not make each other's again.
SNAPSHOTS_KEPT = 2


class AssetError(Exception):
    """Something the self-checks need for the browser is missing or broken."""

    is_author_error = True


def digest(data: bytes, length: int = 10) -> str:
    """A short content hash for file names."""
    return hashlib.sha256(data).hexdigest()[:length]


def hashed_name(name: str, data: bytes) -> str:
    """`screener.js` -> `screener.3f2a9c1b0d.js` (the hash goes before the last suffix)."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest(data)}{dot}{suffix}"


class AssetPlan:
    """Names, URLs and contents of every browser file, decided before any is written."""

    # A plain class: a dataclass costs up to 1 ms to make, on every build (see view.py).
    def __init__(
        self,
        *,
        settings: ScreenerSettings,
        pyodide_version: str,
        lockfile_info: dict,
        runtime_dir: str,
        runtime_sources: dict[str, Path],
        runtime_digests: dict[str, str],
    ) -> None:
        self.settings = settings
        self.pyodide_version = pyodide_version
        self.lockfile_info = lockfile_info
        # The runtime's output-relative folder, with a trailing slash.
        self.runtime_dir = runtime_dir
        self.runtime_sources = runtime_sources
        self.runtime_digests = runtime_digests  # file name -> SHA-256, hex
        self.files: dict[str, bytes] = {}  # output-relative path -> bytes
        self.script = ""
        self.stylesheet = ""
        self.worker = ""
        self.engine = ""
        self.bundle_hash = ""
        self.snapshot: str | None = None  # output-relative path, when snapshots are on
        self.snapshot_cache: Path | None = None
        # The snapshot already holds every module the engine uses, so the worker
        # restores it with this empty standard library instead of the 2.5 MB one
        # (snapshot.mjs proves the replies are identical).
        self.snapshot_stdlib: str | None = None
        self.engine_zip = b""

    def url(self, relative: str) -> str:
        """The address pages use for an output-relative path."""
        return self.settings.asset_url(relative)

    def widget_data(self) -> dict[str, str]:
        """The data-* attributes a widget needs to start its worker."""
        data = {
            "worker": self.url(self.worker),
            "runtime": self.url(self.runtime_dir),
            "pyodide-version": self.pyodide_version,
            "lockfile-info": json.dumps(self.lockfile_info, separators=(",", ":")),
            "engine": self.url(self.engine),
            "bundle-hash": self.bundle_hash,
        }
        if self.snapshot:
            data["snapshot"] = self.url(self.snapshot)
            data["snapshot-stdlib"] = self.url(self.snapshot_stdlib)
        return data

    def write(self, output: Path) -> None:
        """Copy the runtime and the snapshot into `output` and write every planned file."""
        for name, source in self.runtime_sources.items():
            _copy(source, output / self.runtime_dir / name)
        for relative, data in self.files.items():
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if self.snapshot:
            _copy(self.ensure_snapshot(), output / self.snapshot)

    def ensure_snapshot(self) -> Path:
        """Make the memory snapshot with Node.js unless the cache already has it."""
        cached = self.snapshot_cache
        if cached.is_file():
            os.utime(cached)  # the newest used are the ones pruning keeps
            return cached
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Unique names: two builds at once never write the same temporary file.
        work = f"{cached.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}"
        engine_file = cached.with_name(f"{work}.engine.zip")
        engine_file.write_bytes(self.engine_zip)
        stdlib_file = cached.with_name(f"{work}.stdlib.zip")
        stdlib_file.write_bytes(EMPTY_ZIP)
        partial = cached.with_name(f"{work}.partial")
        command = [
            self.settings.node,
            str(SNAPSHOT_SCRIPT),
            str(self.settings.runtime_source),
            str(engine_file),
            str(partial),
            self.bundle_hash,
            str(stdlib_file),
        ]
        logger.info("screeners: making a Pyodide memory snapshot (once per engine change)")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except FileNotFoundError as error:
            raise AssetError(
                f"screeners: cannot run Node.js ('{self.settings.node}') to make the Pyodide "
                "snapshot; install Node.js, or set SCREENER_SNAPSHOT = False in pelicanconf.py "
                "to build without one (the self-checks then start more slowly)"
            ) from error
        finally:
            engine_file.unlink(missing_ok=True)
            stdlib_file.unlink(missing_ok=True)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise AssetError(
                "screeners: making the Pyodide snapshot failed; set SCREENER_SNAPSHOT = False "
                "in pelicanconf.py to build without one.\n" + _tail(done.stderr or done.stdout)
            )
        partial.replace(cached)
        _prune_snapshots(cached.parent)
        return cached


def _prune_snapshots(folder: Path) -> None:
    """Delete all but the SNAPSHOTS_KEPT most recently used snapshots (31 MB each)."""
    snapshots = sorted(folder.glob("snapshot-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[SNAPSHOTS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _tail(output: str, lines: int = 15) -> str:
    """The end of a program's output, without the minified source lines Node echoes."""
    kept = [line for line in output.splitlines() if len(line) < 500 and line.strip()]
    return "\n".join(kept[-lines:])


def plan_assets(settings: ScreenerSettings, definitions: list[dict]) -> AssetPlan:
    """Decide every file name and URL; read the runtime and build the engine zip.

    `definitions` are the definitions' data, as the browser's engine reads them.
    """
    source = settings.runtime_source
    missing = [
        name
        for name in (*RUNTIME_FILES, "package.json", "pyodide-lock.json")
        if not (source / name).is_file()
    ]
    if missing:
        raise AssetError(
            f"screeners: the Pyodide runtime is missing from {source} ({', '.join(missing)}); "
            "run `npm ci` in the project folder (`make html` does it for you)"
        )
    version = json.loads((source / "package.json").read_text())["version"]
    # The worker needs only the header of the runtime's package list.
    lockfile_info = json.loads((source / "pyodide-lock.json").read_text())["info"]
    digests = [hashlib.sha256((source / name).read_bytes()).digest() for name in RUNTIME_FILES]
    runtime_hash = hashlib.sha256(b"".join(digests))
    runtime_dir = f"{settings.runtime_path}/{version}-{runtime_hash.hexdigest()[:10]}/"

    plan = AssetPlan(
        settings=settings,
        pyodide_version=version,
        lockfile_info=lockfile_info,
        runtime_dir=runtime_dir,
        runtime_sources={name: source / name for name in RUNTIME_FILES},
        runtime_digests={name: d.hex() for name, d in zip(RUNTIME_FILES, digests, strict=True)},
    )
    assets = settings.assets_path
    for attribute, name in (
        ("script", "screener.js"),
        ("worker", "screener-worker.mjs"),
        ("stylesheet", "screener.css"),
    ):
        data = (STATIC / name).read_bytes()
        relative = f"{assets}/{hashed_name(name, data)}"
        plan.files[relative] = data
        setattr(plan, attribute, relative)

    bundle = json.dumps(definitions, ensure_ascii=False, separators=(",", ":")).encode()
    plan.bundle_hash = hashlib.sha256(bundle).hexdigest()[:16]
    plan.engine_zip = engine_zip(bundle)
    plan.engine = f"{assets}/{hashed_name('engine.zip', plan.engine_zip)}"
    plan.files[plan.engine] = plan.engine_zip
    if settings.snapshot:
        # The key covers everything the snapshot depends on, the script that
        # makes it included; a new key means a new snapshot (and file name).
        key = digest(runtime_hash.digest() + plan.engine_zip + SNAPSHOT_SCRIPT.read_bytes(), 16)
        plan.snapshot = f"{assets}/snapshot.{key[:10]}.bin"
        plan.snapshot_cache = settings.cache_path / f"snapshot-{version}-{key}.bin"
        plan.snapshot_stdlib = f"{assets}/{hashed_name('stdlib-empty.zip', EMPTY_ZIP)}"
        plan.files[plan.snapshot_stdlib] = EMPTY_ZIP
    return plan


def engine_zip(bundle: bytes) -> bytes:
    """The engine package and the definitions bundle as one deterministic zip.

    Its files are stored, not deflated: the server compresses the whole zip
    (brotli: 37 kB, against 49 kB for a deflated zip, which brotli cannot
    shrink further), and the build skips 5 ms of deflating.
    """
    spec = importlib.util.find_spec("screener_engine")
    package = Path(next(iter(spec.submodule_search_locations)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        entries = sorted(p for p in package.glob("*.py") if p.name not in BUILD_ONLY)
        for path in entries:
            _add(archive, f"screener_engine/{path.name}", path.read_bytes())
        _add(archive, "bundle.json", bundle)
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
