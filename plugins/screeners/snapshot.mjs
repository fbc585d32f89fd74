// Make the memory snapshot the worker restores: Python with the scoring engine
// already imported and every definition loaded, so the browser need not start
// Python from scratch. Also write the standard library trimmed to the modules
// that Python, Pyodide and the engine import, compiled (0.9 MB instead of
// 2.5 MB to download), for a worker that starts Python the ordinary way.
//
// usage: node snapshot.mjs <pyodide-dir> <stubs-dir> <engine.zip> <out.bin> <out-stdlib.zip> <bundle-hash>
//
// Snapshots are a private Pyodide API (314.0.7: the `_makeSnapshot` option,
// `makeMemorySnapshot()`, and the worker's `_loadSnapshot`), so the result is
// checked at once: it is restored through the worker's own code
// (static/screener-worker.mjs, `startPython`) in a fresh runtime whose
// standard library is empty, as in the browser, and every request made
// before the snapshot must get a byte-identical reply. So must an ordinary
// start from the trimmed standard library, through the same code.
//
// What keeps the download small (measured in benchmarks/README.md):
// - Python compiles the standard library without docstrings and asserts
//   (PYTHONOPTIMIZE=2) and without column positions for tracebacks
//   (PYTHONNODEBUGRANGES): 0.4 MB less to download.
// - Memory the C allocator has freed still holds old data; it is zeroed, so
//   it compresses to nothing: 0.6 MB less.
// - The file holds only what differs from the memory a fresh instance of the
//   wasm starts with (its data segments, 3.2 MB, are in the wasm already):
//   1.2 MB less, and 8 MB to decode instead of 31 MB.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startPython } from "./static/screener-worker.mjs";

const [runtimeDir, stubsDir, enginePath, outPath, stdlibPath, bundleHash] = process.argv.slice(2);
if (!bundleHash) {
  console.error("usage: node snapshot.mjs <pyodide-dir> <stubs-dir> <engine.zip> <out.bin> <out-stdlib.zip> <bundle-hash>");
  process.exit(2);
}
const runtimeURL = (name) => pathToFileURL(path.join(path.resolve(runtimeDir), name)).href;
const { loadPyodide } = await import(runtimeURL("pyodide.mjs"));
const createModule = (await import(runtimeURL("pyodide.asm.mjs"))).default;
const lockfileInfo = JSON.parse(fs.readFileSync(path.join(runtimeDir, "pyodide-lock.json"), "utf8")).info;
const ENGINE_DIR = "/home/pyodide/screener";

// The memory a fresh instance starts with, seen where the worker sees it.
let fresh = null;
const pyodide = await loadPyodide({
  lockFileContents: JSON.stringify({ info: lockfileInfo, packages: {} }),
  env: { PYTHONOPTIMIZE: "2", PYTHONNODEBUGRANGES: "1" },
  stdout: () => {},
  stderr: (line) => console.error(line),
  _makeSnapshot: true,
  createPyodideModule(settings) {
    const instantiate = settings.instantiateWasm;
    settings.instantiateWasm = (imports, receive) =>
      instantiate(imports, (instance, module) => {
        fresh = new Uint8Array(instance.exports.memory.buffer).slice();
        receive(instance, module);
      });
    return createModule(settings);
  },
});

pyodide.unpackArchive(new Uint8Array(fs.readFileSync(enginePath)), "zip", { extractDir: ENGINE_DIR });
pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_DIR)})`);
const engine = pyodide.pyimport("screener_engine.worker");
const bundleText = pyodide.FS.readFile(`${ENGINE_DIR}/bundle.json`, { encoding: "utf8" });
engine.load_bundle(bundleText).destroy();

// Exercise every code path once (every definition's own test cases, and
// a few bad requests), so any module the engine imports lazily is already
// imported when the snapshot is taken. The replies are kept for the check.
const requests = [];
for (const definition of JSON.parse(bundleText)) {
  for (const test of definition.tests || []) {
    for (const op of ["score", "visible"]) {
      requests.push(JSON.stringify({ op, screener: definition.id, answers: test.answers }));
    }
  }
}
requests.push("not json", JSON.stringify({ op: "nope" }), JSON.stringify({ op: "score", screener: "none", answers: {} }));
const replies = requests.map((request) => engine.handle(request));
const ping = JSON.parse(engine.handle(JSON.stringify({ op: "ping" })));
engine.destroy();
if (ping.bundle !== bundleHash) {
  console.error(`the engine reports bundle ${ping.bundle}, expected ${bundleHash}`);
  process.exit(1);
}

// Nothing may be imported after the restore: the browser's standard library
// is an empty stand-in, so Python gets no path to look in at all.
pyodide.runPython(`
import gc, sys, zipimport
sys.path.clear()
sys.path_importer_cache.clear()
zipimport._zip_directory_cache.clear()
gc.collect()
`);
zeroFreeMemory(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();
const delta = encode(snapshot, fresh, pyodide._module.HEAP8.length);

// Every module imported from the standard library, and nothing else (after
// the snapshot: what this runs is not in it), compiled as Python compiled
// them for the snapshot: importing 143 compiled modules instead of compiling
// their source saves about 3 s of start on this machine, for 0.3 MB more.
pyodide.runPython(`
import importlib.util, json, marshal, sys, zipfile
archive = json.__loader__.archive
prefix = archive + "/"
names = sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
                if (getattr(m, "__file__", None) or "").startswith(prefix)})
with zipfile.ZipFile(archive) as source, zipfile.ZipFile("/tmp/stdlib.zip", "w") as trimmed:
    for name in names:
        code = compile(source.read(name), name, "exec", dont_inherit=True, optimize=2)
        # A .pyc without its source: magic number, flags, then zeros for the source's date and size.
        pyc = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)
        trimmed.writestr(zipfile.ZipInfo(name[:-3] + ".pyc", (1980, 1, 1, 0, 0, 0)), pyc)
`);
const stdlib = pyodide.FS.readFile("/tmp/stdlib.zip");

// The check: start both ways the browser does, and replay every request.
const wasm = WebAssembly.compile(fs.readFileSync(path.join(runtimeDir, "pyodide.asm.wasm")));
const runtime = { loadPyodide, createModule, stubs: path.resolve(stubsDir) + "/", lockfileInfo };
// (Copies: the worker lets go of the snapshot's buffer once restored.)
const restored = await startPython(runtime, { wasm, snapshot: Promise.resolve(delta.slice()) });
replay(restored, "after restoring the snapshot");
const engineZip = new Uint8Array(fs.readFileSync(enginePath));
const started = await startPython(runtime, { wasm, stdlib: Promise.resolve(stdlib.slice()), engine: Promise.resolve(engineZip) });
replay(started, "when Python starts from the trimmed standard library");
fs.writeFileSync(outPath, delta);
fs.writeFileSync(stdlibPath, stdlib);
console.log(
  `snapshot: ${delta.length} bytes (of ${snapshot.length}), standard library ${stdlib.length} bytes; ` +
    `${requests.length} replies identical after restoring it and after starting from it`,
);

function replay(again, how) {
  const check = JSON.parse(again.handle(JSON.stringify({ op: "ping" })));
  if (check.bundle !== bundleHash) {
    console.error(`the engine reports bundle ${check.bundle} ${how}, expected ${bundleHash}`);
    process.exit(1);
  }
  const differing = requests.filter((request, index) => again.handle(request) !== replies[index]);
  if (differing.length) {
    console.error(`${differing.length} of ${requests.length} replies changed ${how}, e.g. for ${differing[0]}`);
    process.exit(1);
  }
}

/**
 * Zero every byte the C allocator (dlmalloc) holds free. It is asked for
 * blocks, largest first, until it has none left without growing the memory
 * (malloc_set_footprint_limit); each is zeroed, and all are freed again,
 * which writes only a few bytes of bookkeeping into each. Memory above the
 * allocator's break is unused and zeroed too.
 */
function zeroFreeMemory(Module) {
  const limit = Module._malloc_footprint_limit();
  Module._malloc_set_footprint_limit(Module._malloc_footprint());
  const blocks = [];
  for (let size = 1 << 24; size >= 8; size >>= 1) {
    for (let block = Module._malloc(size); block; block = Module._malloc(size)) {
      Module.HEAPU8.fill(0, block, block + Module._malloc_usable_size(block));
      blocks.push(block);
    }
  }
  blocks.forEach((block) => Module._free(block));
  Module._malloc_set_footprint_limit(limit);
  const brk = Module.HEAPU32[Module._emscripten_get_sbrk_ptr() >>> 2];
  Module.HEAPU8.fill(0, brk);
}

/**
 * The delta file the worker's `restore` reads: what differs between Pyodide's
 * snapshot and a base of zeros with the fresh memory where Pyodide keeps the
 * memory image (after its header: the snapshot's last `memoryLength` bytes).
 * Runs closer than GAP bytes are merged: fewer runs, the same compressed size.
 */
function encode(snapshot, freshMemory, memoryLength) {
  const GAP = 128;
  const baseOffset = snapshot.length - memoryLength;
  let baseLength = freshMemory.length;
  while (baseLength > 0 && freshMemory[baseLength - 1] === 0) baseLength--;
  const base = (at) => (at >= baseOffset && at < baseOffset + baseLength ? freshMemory[at - baseOffset] : 0);
  const runs = [];
  for (let at = 0; at < snapshot.length; at++) {
    if (snapshot[at] === base(at)) continue;
    const last = runs.at(-1);
    if (last && at - (last[0] + last[1]) <= GAP) last[1] = at + 1 - last[0];
    else runs.push([at, 1]);
  }
  const dataLength = runs.reduce((sum, [, length]) => sum + length, 0);
  const out = new Uint8Array(20 + runs.length * 8 + dataLength);
  const view = new DataView(out.buffer);
  [0x31444e53, snapshot.length, baseOffset, baseLength, runs.length].forEach((value, index) =>
    view.setUint32(index * 4, value, true),
  );
  let data = 20 + runs.length * 8;
  runs.forEach(([offset, length], index) => {
    view.setUint32(20 + index * 8, offset, true);
    view.setUint32(24 + index * 8, length, true);
    out.set(snapshot.subarray(offset, offset + length), data);
    data += length;
  });
  return out;
}
