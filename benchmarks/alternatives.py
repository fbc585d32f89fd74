"""Alternative builds measured next to the real one, without touching the site's files.

Each is a separate `make publish`-style build (own port), optionally changed
after Pelican wrote it and before it is compressed; `phases` says which
visits each round makes to it (cold, warm: same profile again, throttled:
cold on the emulated slower network). The site itself is never
edited. An alternative whose change no longer applies to the current code is
skipped, with the reason in the results.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path


class Skip(Exception):
    """This alternative cannot be built from the current code (say why)."""


def rewrite(path: Path, data: bytes) -> None:
    """Give `path` new contents in a new file, never through the old one.

    The plugin hard-links the runtime and the snapshot into every output from
    sealed copies in its cache (plugins/screeners/placing.py), so writing into
    the existing file would change the sealed copy, and with it every other
    build linked to it (the site measured next to this alternative, `make
    serve`'s output) until the next build notices the broken seal.
    """
    path.unlink()
    path.write_bytes(data)


def _replace(path: Path, old: str | re.Pattern, new: str) -> None:
    text = path.read_text()
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new)
    if changed == text:
        raise Skip(f"{path.name} no longer has the code this alternative changes")
    rewrite(path, changed.encode())


def _one(output: Path, pattern: str) -> Path:
    found = sorted(output.glob(pattern))
    if len(found) != 1:
        raise Skip(f"expected one {pattern} in the build, found {len(found)}")
    return found[0]


def _sequential(output: Path) -> None:
    # What the worker did before it passed the pending snapshot download to
    # loadPyodide: download the snapshot first, then let Pyodide fetch the
    # wasm and pyodide.asm.mjs.
    worker = _one(output, "static/screeners/screener-worker.*.mjs")
    _replace(
        worker,
        "const snapshot = fetchBytes(config.snapshotURL);",
        "const snapshot = await fetchBytes(config.snapshotURL);",
    )


def _late_compile(output: Path) -> None:
    # What the worker did before it compiled the wasm early: Pyodide fetches
    # its wasm itself and compiles it once the whole snapshot has arrived.
    worker = _one(output, "static/screeners/screener-worker.*.mjs")
    _replace(worker, 'compileEarly(config.runtimeURL + "pyodide.asm.wasm");', "")


# Sparse snapshot: 70 % of the 30 MiB memory image is zeros (half of its
# 64 KiB pages entirely). Shipping only the 4 KiB blocks that are not all
# zero halves what the browser must decompress and hand to the worker.
SPARSE_MAGIC = b"SPRS"
SPARSE_BLOCK = 4096
EXPAND_JS = """
// Benchmark alternative: expand a sparse snapshot ("SPRS", total, runs,
// (offset, length) * runs, data) into the full memory image.
function expandSnapshot(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x53525053) return bytes;
  const total = view.getUint32(4, true);
  const runs = view.getUint32(8, true);
  const out = new Uint8Array(total);
  let data = 12 + runs * 8;
  for (let i = 0; i < runs; i++) {
    const offset = view.getUint32(12 + i * 8, true);
    const length = view.getUint32(16 + i * 8, true);
    out.set(bytes.subarray(data, data + length), offset);
    data += length;
  }
  return out;
}

"""


def sparse(data: bytes, block: int = SPARSE_BLOCK) -> bytes:
    """Encode runs of blocks that are not all zero (see EXPAND_JS)."""
    zero = bytes(block)
    runs: list[list[int]] = []
    for offset in range(0, len(data), block):
        chunk = data[offset : offset + block]
        if chunk == zero[: len(chunk)]:
            continue
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1][1] += len(chunk)
        else:
            runs.append([offset, len(chunk)])
    header = SPARSE_MAGIC + struct.pack("<II", len(data), len(runs))
    table = b"".join(struct.pack("<II", o, n) for o, n in runs)
    return header + table + b"".join(data[o : o + n] for o, n in runs)


def expand(encoded: bytes) -> bytes:
    """The inverse of `sparse` (the same as EXPAND_JS), to check the encoding."""
    total, count = struct.unpack_from("<II", encoded, 4)
    out = bytearray(total)
    position = 12 + count * 8
    for i in range(count):
        offset, length = struct.unpack_from("<II", encoded, 12 + i * 8)
        out[offset : offset + length] = encoded[position : position + length]
        position += length
    return bytes(out)


def _sparse_snapshot(output: Path) -> None:
    snapshot = _one(output, "static/screeners/snapshot.*.bin")
    data = snapshot.read_bytes()
    encoded = sparse(data)
    if expand(encoded) != data:
        raise Skip("the sparse encoding did not round-trip")
    worker = _one(output, "static/screeners/screener-worker.*.mjs")
    text = worker.read_text()
    if "async function fromSnapshot" not in text:
        raise Skip("the worker has no fromSnapshot function to put the decoder before")
    _replace(
        worker,
        "const snapshot = fetchBytes(config.snapshotURL);",
        "const snapshot = fetchBytes(config.snapshotURL).then(expandSnapshot);",
    )
    _replace(worker, "async function fromSnapshot", EXPAND_JS + "async function fromSnapshot")
    rewrite(snapshot, encoded)


# V8's explicit compile hint: a file starting with this comment has all its
# functions compiled eagerly (off the thread that runs it where V8 can),
# and its code cache then holds them all, not only the top level.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


def _compile_hints(output: Path) -> None:
    scripts = sorted(output.glob("static/pyodide/*/pyodide*.mjs"))
    if len(scripts) != 2:
        raise Skip(f"expected pyodide.mjs and pyodide.asm.mjs, found {len(scripts)} scripts")
    for script in scripts:
        rewrite(script, COMPILE_HINT.encode() + script.read_bytes())


# The line in screener.js that starts a self-check page's worker at once.
START_NOW = re.compile(r'(dataset\.start === "load"\) \{\n(?:\s*//.*\n)*\s*)start\(\);')


def _idle_wait(timeout_ms: int):
    def patch(output: Path) -> None:
        # What the page did before: wait for idle time, up to a deadline.
        script = _one(output, "static/screeners/screener.*.js")
        _replace(script, START_NOW, rf"\1requestIdleCallback(start, {{ timeout: {timeout_ms} }});")

    return patch


def _brotli_wasm(output: Path) -> None:
    # What the site served before it had a zstd copy of the wasm: without the
    # .zst file, nginx serves the .br copy to every browser.
    copies = sorted(output.glob("static/pyodide/*/*.wasm.zst"))
    if not copies:
        raise Skip("the build has no .wasm.zst copy to leave out")
    for copy in copies:
        copy.unlink()


ALTERNATIVES = {
    "no_snapshot": {
        "default": True,
        "overrides": {"SCREENER_SNAPSHOT": False},
        "phases": ("cold", "warm", "throttled"),
        "about": "SCREENER_SNAPSHOT = False: no memory snapshot; the worker starts Python "
        "from scratch and unpacks the engine",
    },
    "sequential_downloads": {
        "default": True,
        "overrides": {},
        "patch": _sequential,
        "phases": ("cold", "throttled"),
        "about": "the snapshot downloaded in full before the runtime starts loading (as "
        "before commit b907b17; shows what passing the download as a promise gains)",
    },
    "late_compile": {
        "default": True,
        "overrides": {},
        "patch": _late_compile,
        "phases": ("cold", "warm", "throttled"),
        "about": "the worker without compileEarly: Pyodide compiles its wasm only after the "
        "whole snapshot has arrived (shows what compiling during the download gains)",
    },
    "idle_250": {
        "default": True,
        "overrides": {},
        "patch": _idle_wait(250),
        "phases": ("cold", "warm", "throttled"),
        "about": "a self-check page waits for idle time, up to 250 ms, before it starts the "
        "worker (as on 2026-12-02 until the worker started at once)",
    },
    # Measured 2026-12-02 (run 20261202-183825 and 4 rounds later): on the
    # 10 Mbit/s line half the visits started the worker 1.5 s late.
    "idle_1500": {
        "default": False,
        "overrides": {},
        "patch": _idle_wait(1500),
        "phases": ("cold", "throttled"),
        "about": "a self-check page waits for idle time, up to 1.5 s, before it starts the "
        "worker (as before 2026-12-02)",
    },
    "brotli_wasm": {
        "default": True,
        "overrides": {},
        "after_compress": _brotli_wasm,
        "phases": ("cold", "warm", "throttled"),
        "about": "Pyodide's wasm served with brotli only, as before 2026-12-02 (no .zst "
        "copy; shows what the zstd copy gains and what its 0.15 MB cost on a slow line)",
    },
    # Measured 2026-11-23 (5 rounds): no gain (cold 0.99x, warm 0.96x, throttled
    # 1.11x of the site); kept for `--alternatives all`.
    "sparse_snapshot": {
        "default": False,
        "overrides": {},
        "patch": _sparse_snapshot,
        "phases": ("cold", "warm", "throttled"),
        "about": "the snapshot shipped without its all-zero 4 KiB blocks (15 of 31 MB are "
        "zero blocks here) and expanded in the worker (a copy of the worker with a "
        "20-line decoder)",
    },
    # Measured 2026-11-23 (run 20261123-113102, 5 rounds): no gain (cold
    # 1.13x, warm 1.03x of the site; a probe of visits 1-4 on one profile
    # gained nothing on the later visits either); kept for `--alternatives all`.
    "compile_hints": {
        "default": False,
        "overrides": {},
        "patch": _compile_hints,
        "phases": ("cold", "warm"),
        "about": "pyodide.mjs and pyodide.asm.mjs start with V8's compile hint "
        "`//# allFunctionsCalledOnLoad` (every function compiled eagerly and kept in "
        "V8's code cache)",
    },
}
