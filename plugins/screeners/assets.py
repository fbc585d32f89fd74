"""The files a self-check needs in the browser, with content-hashed names.

- the Pyodide runtime, copied from the pinned npm package into a folder whose
  name carries the version and a hash of the files (the loader needs fixed
  file names inside it), and a folder of two empty stand-ins for the files
  Pyodide's loader downloads by itself (see screener-worker.mjs);
- the engine: the `screener_engine` package plus every definition
  (`bundle.json`), as one zip the worker unpacks;
- the two scripts and the widget stylesheet;
- optionally a Pyodide memory snapshot with the engine already imported,
  and the standard library trimmed to the modules it holds (for a worker
  that starts Python instead), made with Node.js and cached between builds
  because it takes seconds.

The worker checks every runtime file, the engine and the snapshot against
the SHA-256 recorded here before it uses them (`scorer_config`).
Everything is planned first (names, URLs and digests, needed to render
pages) and written at the end of the build.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from .settings import ScreenerSettings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
SNAPSHOT_SCRIPT = Path(__file__).parent / "snapshot.mjs"
# The runtime files the worker loads, by the name its config gives each.
# pyodide-lock.json is not needed: the worker passes an empty package list
# (the engine uses the standard library only), and python_stdlib.zip only
# when there is no snapshot, or it cannot be restored.
RUNTIME_ROLES = {
    "loader": "pyodide.mjs",
    "glue": "pyodide.asm.mjs",
    "wasm": "pyodide.asm.wasm",
    "stdlib": "python_stdlib.zip",
}
RUNTIME_FILES = tuple(RUNTIME_ROLES.values())
# Engine modules only the build uses (the schema export, the proofs over the
# whole answer space, the instant safety layer): the browser never imports
# them, and the snapshot's replay of every request proves it.
BUILD_ONLY = frozenset({"schema_file.py", "proofs.py", "space.py", "instant.py"})
# Snapshots kept in the cache: the newest ones used, so that the real site and
# a smaller test site built in turn do not make each other's again.
SNAPSHOTS_KEPT = 2
# A fixed timestamp keeps the engine zip, and so its hash, the same between builds.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A zip archive with nothing in it (just the end-of-central-directory record).
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)
# Pyodide's loader downloads these two files from its indexURL by itself; the
# worker downloads and checks the real ones, and points the loader at a
# folder of these empty stand-ins (see screener-worker.mjs).
LOADER_STUBS = {"pyodide.asm.wasm": b"", "python_stdlib.zip": EMPTY_ZIP}


class AssetError(Exception):
    """Something the self-checks need for the browser is missing or broken."""

    is_author_error = True


def digest(data: bytes, length: int = 10) -> str:
    """A short content hash for file names."""
    return hashlib.sha256(data).hexdigest()[:length]


def integrity(sha256: bytes) -> str:
    """A SHA-256 digest as Subresource Integrity writes it (`sha256-<base64>`)."""
    return "sha256-" + base64.b64encode(sha256).decode()


def hashed_name(name: str, data: bytes) -> str:
    """`screener.js` -> `screener.3f2a9c1b0d.js` (the hash goes before the last suffix)."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest(data)}{dot}{suffix}"


class AssetPlan:
    """Names, URLs and contents of every browser file, decided before any is written."""

    def __init__(
        self,
        *,
        settings: ScreenerSettings,
        pyodide_version: str,
        lockfile_info: dict,
        runtime_dir: str,
        runtime_sources: dict[str, Path],
        runtime_digests: dict[str, str],
        runtime_sizes: dict[str, int],
    ) -> None:
        self.settings = settings
        self.pyodide_version = pyodide_version
        self.lockfile_info = lockfile_info
        # The runtime's output-relative folder, with a trailing slash.
        self.runtime_dir = runtime_dir
        self.runtime_sources = runtime_sources
        self.runtime_digests = runtime_digests  # file name -> SHA-256, hex
        self.runtime_sizes = runtime_sizes  # file name -> bytes
        self.files: dict[str, bytes] = {}  # output-relative path -> bytes
        self.script = ""
        self.stylesheet = ""
        self.worker = ""
        self.engine = ""
        self.bundle_hash = ""
        self.snapshot: str | None = None  # output-relative path, when snapshots are on
        self.snapshot_cache: Path | None = None
        self.snapshot_digest = b""  # SHA-256 of the snapshot file
        self.snapshot_size = 0
        self.stdlib: str | None = None  # the trimmed standard library, output-relative
        self.stdlib_digest = b""
        self.stdlib_size = 0
        # Output-relative path -> estimated bytes on the network (see `transfer`).
        self.transfer_sizes: dict[str, int] = {}
        self.engine_zip = b""

    def url(self, relative: str) -> str:
        """The address pages use for an output-relative path."""
        return self.settings.asset_url(relative)

    def widget_data(self) -> dict[str, str]:
        """The data-* attributes a widget needs to start its worker."""
        return {
            "worker": self.url(self.worker),
            "runtime": self.url(self.runtime_dir),
            "lockfile-info": json.dumps(self.lockfile_info, separators=(",", ":")),
            "scorer": json.dumps(self.scorer_config(), separators=(",", ":")),
        }

    def scorer_config(self) -> dict:
        """What the worker downloads, with each file's size and SHA-256 (it checks both)."""
        files = {
            role: self._file(
                self.runtime_dir + name,
                bytes.fromhex(self.runtime_digests[name]),
                self.runtime_sizes[name],
            )
            for role, name in RUNTIME_ROLES.items()
        }
        engine = self.engine_zip
        files["engine"] = self._file(self.engine, hashlib.sha256(engine).digest(), len(engine))
        if self.snapshot:
            files["snapshot"] = self._file(self.snapshot, self.snapshot_digest, self.snapshot_size)
            files["stdlib"] = self._file(self.stdlib, self.stdlib_digest, self.stdlib_size)
        return {
            "bundleHash": self.bundle_hash,
            "stubs": self.url(self.stubs_dir),
            "files": files,
        }

    def transfer(self, relative: str, size: int) -> int:
        """A file's estimated size on the network, for the progress bar.

        zlib's size, in proportion to brotli's and zstd's for each of these
        files (to within 15 %), worked out when the snapshot is made and kept
        with it; without a snapshot, the file's own size.
        """
        return self.transfer_sizes.get(relative, size)

    def _file(self, relative: str, sha256: bytes, size: int) -> dict:
        return {
            "url": self.url(relative),
            "size": size,
            "integrity": integrity(sha256),
            "transfer": self.transfer(relative, size),
        }

    @property
    def stubs_dir(self) -> str:
        """The folder of the loader's stand-ins, output-relative, with a trailing slash."""
        return f"{self.runtime_dir}stubs/"

    def write(self, output: Path) -> None:
        """Copy the runtime and the snapshot into `output` and write every planned file."""
        for name, source in self.runtime_sources.items():
            _copy(source, output / self.runtime_dir / name)
        for name, data in LOADER_STUBS.items():
            target = output / self.stubs_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for relative, data in self.files.items():
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if self.snapshot:
            snapshot, stdlib, _facts = self.ensure_snapshot()
            _copy(snapshot, output / self.snapshot)
            _copy(stdlib, output / self.stdlib)

    def ensure_snapshot(self) -> tuple[Path, Path, Path]:
        """Make the snapshot, the trimmed standard library and their facts, unless cached.

        The three files share one name (`snapshot-<version>-<key>`): the memory
        snapshot (.bin), the standard library trimmed to what it holds
        (.stdlib.zip), and what the pages need to know of every file the
        worker downloads (.json: digests, sizes and network sizes), which
        takes seconds to work out and changes only with the key.
        """
        cached = self.snapshot_cache
        cached_stdlib = cached.with_suffix(".stdlib.zip")
        cached_facts = cached.with_suffix(".json")
        if cached.is_file() and cached_stdlib.is_file() and cached_facts.is_file():
            os.utime(cached)  # the newest used are the ones pruning keeps
            return cached, cached_stdlib, cached_facts
        cached.parent.mkdir(parents=True, exist_ok=True)
        # A folder of its own: two builds at once never share a file.
        with tempfile.TemporaryDirectory(dir=cached.parent, prefix="making-snapshot-") as work:
            work = Path(work)
            (work / "engine.zip").write_bytes(self.engine_zip)
            # snapshot.mjs restores it as the browser does, stand-ins included.
            (work / "stubs").mkdir()
            for name, data in LOADER_STUBS.items():
                (work / "stubs" / name).write_bytes(data)
            partial, partial_stdlib = work / "snapshot.bin", work / "stdlib.zip"
            command = [
                self.settings.node,
                str(SNAPSHOT_SCRIPT),
                str(self.settings.runtime_source),
                str(work / "stubs"),
                str(work / "engine.zip"),
                str(partial),
                str(partial_stdlib),
                self.bundle_hash,
            ]
            logger.info("screeners: making a Pyodide memory snapshot (once per engine change)")
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=600)
            except FileNotFoundError as error:
                raise AssetError(
                    f"screeners: cannot run Node.js ('{self.settings.node}') to make the Pyodide "
                    "snapshot; install Node.js, or set SCREENER_SNAPSHOT = False in "
                    "pelicanconf.py to build without one (the self-checks then start more slowly)"
                ) from error
            if done.returncode != 0:
                raise AssetError(
                    "screeners: making the Pyodide snapshot failed; set SCREENER_SNAPSHOT = False "
                    "in pelicanconf.py to build without one.\n" + _tail(done.stderr or done.stdout)
                )
            facts = work / "facts.json"
            facts.write_text(json.dumps(self._facts(partial, partial_stdlib)), encoding="utf-8")
            # The .bin last: it is what says the three are complete.
            for made, kept in ((facts, cached_facts), (partial_stdlib, cached_stdlib)):
                made.replace(kept)
            partial.replace(cached)
        _prune_snapshots(cached.parent)
        return cached, cached_stdlib, cached_facts

    def _facts(self, snapshot: Path, stdlib: Path) -> dict:
        """Digests and sizes of the snapshot files, and network sizes of all the worker gets."""
        made = {"snapshot": snapshot.read_bytes(), "stdlib": stdlib.read_bytes()}
        sources = {
            self.runtime_dir + name: path.read_bytes()
            for name, path in self.runtime_sources.items()
        }
        sources[self.snapshot] = made["snapshot"]
        sources[self.stdlib] = made["stdlib"]
        return {
            **{role: hashlib.sha256(data).hexdigest() for role, data in made.items()},
            "runtime": file_digests(self.runtime_sources),
            "sizes": {role: len(data) for role, data in made.items()},
            "transfer": {path: len(zlib.compress(data, 6)) for path, data in sources.items()},
        }


def _prune_snapshots(folder: Path) -> None:
    """Delete all but the SNAPSHOTS_KEPT most recently used snapshots, with their files."""
    snapshots = sorted(folder.glob("snapshot-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[SNAPSHOTS_KEPT:]:
        for path in (old, old.with_suffix(".stdlib.zip"), old.with_suffix(".json")):
            with contextlib.suppress(OSError):
                path.unlink()


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
    identity = runtime_identity(source, version)
    runtime_dir = f"{settings.runtime_path}/{version}-{identity.hex()[:10]}/"

    plan = AssetPlan(
        settings=settings,
        pyodide_version=version,
        lockfile_info=lockfile_info,
        runtime_dir=runtime_dir,
        runtime_sources={name: source / name for name in RUNTIME_FILES},
        runtime_digests={},  # from the snapshot's facts, or worked out below
        runtime_sizes={name: (source / name).stat().st_size for name in RUNTIME_FILES},
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
        plan_snapshot(plan, identity)
    else:
        plan.runtime_digests = file_digests(plan.runtime_sources)
    return plan


def runtime_identity(source: Path, version: str) -> bytes:
    """What names this copy of the runtime, without reading its 13 MB.

    npm records the SHA-512 of the package it installed (node_modules/
    .package-lock.json); a runtime from anywhere else is named by the
    digests of its files. Each file's own SHA-256, which the browser checks,
    is worked out from the files when the snapshot is made (`_facts`).
    """
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        installed = json.loads((source.parent / ".package-lock.json").read_text())
        integrity = installed["packages"][f"node_modules/{source.name}"]["integrity"]
        return hashlib.sha256(f"{version}\n{integrity}".encode()).digest()
    digests = file_digests({name: source / name for name in RUNTIME_FILES})
    return hashlib.sha256("".join(digests.values()).encode()).digest()


def file_digests(files: dict[str, Path]) -> dict[str, str]:
    """The SHA-256 of each file, in hex, by the same keys."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()}


def plan_snapshot(plan: AssetPlan, runtime: bytes) -> None:
    """Name, make (unless cached) and record the snapshot and trimmed standard library.

    Pages carry their digests, so they are made before any page is written.

    The key covers everything the snapshot depends on: the runtime, the
    engine and definitions, the script that makes it and the worker that
    restores it (the script checks the restore through the worker's code).
    A new key means a new snapshot, and a new file name.
    """
    settings = plan.settings
    makers = SNAPSHOT_SCRIPT.read_bytes() + (STATIC / "screener-worker.mjs").read_bytes()
    key = digest(runtime + plan.engine_zip + makers, 16)
    plan.snapshot = f"{settings.assets_path}/snapshot.{key[:10]}.bin"
    plan.snapshot_cache = settings.cache_path / f"snapshot-{plan.pyodide_version}-{key}.bin"
    plan.stdlib = f"{settings.assets_path}/stdlib.{key[:10]}.zip"
    _, _, kept = plan.ensure_snapshot()
    facts = json.loads(kept.read_text(encoding="utf-8"))
    plan.snapshot_digest = bytes.fromhex(facts["snapshot"])
    plan.stdlib_digest = bytes.fromhex(facts["stdlib"])
    plan.snapshot_size, plan.stdlib_size = facts["sizes"]["snapshot"], facts["sizes"]["stdlib"]
    plan.transfer_sizes = facts["transfer"]
    plan.runtime_digests = facts["runtime"]


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
