// Module worker: starts Python (Pyodide) with the scoring engine and answers
// scoring requests. Only JSON strings cross the boundary, in both directions.
//
// Messages in:  {type: "boot", config}              once, from screener.js
//               {type: "request", id, payload}       payload: a JSON request for the engine
// Messages out: {type: "progress", received, expected}  network bytes of the runtime so far (estimated)
//               {type: "status", stage}              "downloading" | "starting"
//               {type: "ready", via, ms}             via: "snapshot" | "full"
//               {type: "fatal", reason, detail}      the runtime could not start
//               {type: "reply", id, payload}         payload: the engine's JSON reply
//
// How it starts:
// 1. It downloads every file it needs at once, counting the bytes for the
//    page's progress bar. Each file must have the SHA-256 the build recorded
//    (config.files) before anything uses it: one changed byte ends the start
//    with the reason "integrity".
// 2. It compiles the checked WebAssembly and gives it to Pyodide's loader
//    with the build's memory snapshot: Python with the engine already
//    imported, restored instead of started. On a slow connection (see
//    SLOW_MS), without a snapshot, or when it cannot be restored, Python
//    starts the ordinary way instead, from the standard library (only the
//    modules the engine needs, when the build made a snapshot), and imports
//    the engine from its zip.
//
// `startPython` also runs in Node.js: the build restores each new snapshot
// through it (../snapshot.mjs), and tests/runtime test the Pyodide internals
// below against the pinned package, so an upgrade that changes one fails there.
//
// Pyodide internals this relies on (pyodide 314.0.7):
// - loadPyodide's `_loadSnapshot` option: memory snapshots are not public API.
// - loadPyodide downloads `${indexURL}pyodide.asm.wasm` and
//   `${indexURL}python_stdlib.zip` itself, the moment it is called
//   (src/js/emscripten-settings.ts). This worker fetches and checks the real
//   files, so indexURL is a folder of two empty stand-ins (config.stubs); the
//   loader mounts the empty zip as its standard library and reads nothing else.
// - Pyodide's own `instantiateWasm` adds two imports, `Jsv_GetError_import`
//   and `JsvError_Check` (src/core/jsverror.ts); `instantiate` supplies the
//   plain JavaScript pair Pyodide itself falls back to on iOS.
// Public, but marked experimental: the `createPyodideModule` option.

const ENGINE_DIR = "/home/pyodide/screener";
const STDLIB_PATH = "/lib/python-stdlib-checked.zip"; // only when Python starts from scratch

/** A start that failed, with a reason the page turns into a message. */
export class BootError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason; // download | integrity | wasm | memory | snapshot | start
  }
}

// --- Python and the engine, from checked bytes (browser and Node.js) ----------

/**
 * Start Pyodide and return the engine module (`screener_engine.worker`).
 *
 * `runtime`: {loadPyodide, createModule (pyodide.asm.mjs's default export),
 * stubs (the stand-ins' folder), lockfileInfo}. `files`: promises of checked
 * bytes: {wasm (a compiled WebAssembly.Module), snapshot} or {wasm, stdlib,
 * engine}. Rejects as soon as anything fails, also where Pyodide's loader
 * would only log the failure and never settle (a wasm that cannot start).
 */
export async function startPython(runtime, files) {
  let fail;
  const failed = new Promise((_, reject) => (fail = reject));
  let memory = null; // Pyodide's snapshot, rebuilt from the build's delta file
  const options = {
    indexURL: runtime.stubs,
    lockFileContents: JSON.stringify({ info: runtime.lockfileInfo, packages: {} }),
    stdout() {},
    stderr() {},
    createPyodideModule(settings) {
      settings.instantiateWasm = (imports, receive) => {
        instantiate(files.wasm, imports)
          .then(async ({ instance, module }) => {
            if (memory) restore(memory, await files.snapshot, instance);
            receive(instance, module);
          })
          .catch(fail);
        return {}; // Emscripten: the exports come later, through `receive`
      };
      return runtime.createModule(settings);
    },
  };
  if (files.snapshot) {
    // Pyodide sizes the wasm's memory from the snapshot's length before it
    // instantiates the wasm, and reads the contents only after.
    options._loadSnapshot = files.snapshot.then((delta) => (memory = new Uint8Array(snapshotLength(delta))));
  } else {
    const stdlib = await files.stdlib;
    // The checked standard library goes first on Python's path; the loader's
    // own (the empty stand-in) is dropped below.
    options.env = { PYTHONPATH: STDLIB_PATH };
    options.fsInit = async (FS) => FS.writeFile(STDLIB_PATH, stdlib);
  }
  const pyodide = await Promise.race([runtime.loadPyodide(options), failed]);
  if (memory) {
    // Pyodide has copied the snapshot into its memory, but keeps its options
    // (and through them both buffers) for as long as it runs.
    release(memory.buffer);
    release((await files.snapshot).buffer);
  }
  if (files.engine) {
    pyodide.unpackArchive(await files.engine, "zip", { extractDir: ENGINE_DIR });
    pyodide.runPython(`import sys\nsys.path[:] = [${JSON.stringify(STDLIB_PATH)}, ${JSON.stringify(ENGINE_DIR)}]`);
    const engine = pyodide.pyimport("screener_engine.worker");
    // load_bundle returns the registry as a proxy; only its side effect is needed.
    engine.load_bundle(pyodide.FS.readFile(`${ENGINE_DIR}/bundle.json`, { encoding: "utf8" })).destroy();
    return engine;
  }
  return pyodide.pyimport("screener_engine.worker");
}

async function instantiate(wasm, imports) {
  // What Pyodide's own instantiateWasm adds (see the top of this file).
  const marker = Symbol("error marker");
  imports.env.Jsv_GetError_import = () => marker;
  imports.env.JsvError_Check = (value) => value === marker;
  const module = await wasm;
  try {
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  } catch (error) {
    const reason = error instanceof RangeError ? "memory" : "wasm";
    throw new BootError(reason, `WebAssembly could not start: ${error.message}`);
  }
}

// The snapshot file holds only what differs from the memory a fresh instance
// of the wasm starts with (its data segments, zeros elsewhere): a header of
// five little-endian uint32 (magic "SND1", the length of Pyodide's snapshot,
// where in it the fresh memory goes and how much of it, the number of runs),
// then each run's (offset, length), then the runs' bytes. snapshot.mjs makes it.
const DELTA_MAGIC = 0x31444e53;
const DELTA_HEADER = 20;

function snapshotLength(delta) {
  const view = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  if (delta.byteLength < DELTA_HEADER || view.getUint32(0, true) !== DELTA_MAGIC) {
    throw new BootError("snapshot", "The snapshot file is not in the expected format.");
  }
  return view.getUint32(4, true);
}

function restore(memory, delta, instance) {
  const view = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  const [baseOffset, baseLength, runs] = [8, 12, 16].map((at) => view.getUint32(at, true));
  memory.set(new Uint8Array(instance.exports.memory.buffer, 0, baseLength), baseOffset);
  let data = DELTA_HEADER + runs * 8;
  for (let run = 0; run < runs; run++) {
    const offset = view.getUint32(DELTA_HEADER + run * 8, true);
    const length = view.getUint32(DELTA_HEADER + run * 8 + 4, true);
    memory.set(delta.subarray(data, data + length), offset);
    data += length;
  }
}

/** Free an ArrayBuffer that something else still refers to: moving it out detaches it. */
function release(buffer) {
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // An older browser keeps the copy; nothing else changes.
  }
}

// --- The worker (browser only) ---------------------------------------------

let engine = null; // the engine module, once ready
let booting = null;

if (globalThis.WorkerGlobalScope && self instanceof WorkerGlobalScope) {
  self.onmessage = ({ data: message }) => {
    if (message.type === "boot") {
      booting ??= boot(message.config).catch((error) => {
        postMessage({ type: "fatal", reason: error.reason || "start", detail: String(error.message || error) });
      });
    } else if (message.type === "request") {
      // The page only sends requests after "ready"; answer anything early with an error reply.
      const payload = engine
        ? engine.handle(message.payload)
        : JSON.stringify({ ok: false, errors: [{ path: "", message: "The scorer is not ready yet." }] });
      postMessage({ type: "reply", id: message.id, payload });
    }
  };
}

// Reasons that starting Python from scratch would meet again.
const FINAL = new Set(["integrity", "wasm", "memory"]);
// The snapshot saves the CPU of starting Python (0.5-2 s here, several times
// that on a slow phone) but is 1.6 MB more to download than the trimmed
// standard library. Past a second for the first 0.2 MB (Pyodide's
// JavaScript: below about 2 Mbit/s) the download costs more than that on any
// device, and a visitor on a slow line is likely to pay for data too. On the
// throttled phone (200 KB/s) the lighter way is ready 6.6 s sooner; at
// 10 Mbit/s the two are within 0.3 s here (benchmarks/README.md).
const SLOW_MS = 1000;

async function boot(config) {
  const started = performance.now();
  const downloads = new Downloads(config);
  postMessage({ type: "status", stage: "downloading" });
  downloads.want(["loader", "glue", "wasm"]);
  const wasm = downloads.get("wasm").then(compile);
  wasm.catch(() => {}); // awaited inside startPython; never an unhandled rejection
  await downloads.get("glue");
  // (From the browser's cache it takes milliseconds: a returning visitor restores the snapshot.)
  const slow = performance.now() - started > SLOW_MS;
  let via = config.files.snapshot && !slow ? "snapshot" : "full";
  downloads.want(via === "snapshot" ? ["snapshot"] : ["stdlib", "engine"]);
  downloads.allWanted();
  const [loader, glue] = await Promise.all([downloads.module("loader"), downloads.module("glue")]);
  const runtime = {
    loadPyodide: loader.loadPyodide,
    createModule: glue.default,
    stubs: downloads.url(config.stubs),
    lockfileInfo: config.lockfileInfo,
  };
  let ready = null;
  if (via === "snapshot") {
    ready = await startPython(runtime, { wasm, snapshot: downloads.get("snapshot") })
      .then((candidate) => checkBundle(candidate, config))
      .catch((error) => {
        if (FINAL.has(error.reason)) throw error;
        return null; // start from the standard library instead
      });
  }
  if (!ready) {
    via = "full";
    downloads.want(["stdlib", "engine"]);
    ready = await startPython(runtime, { wasm, stdlib: downloads.get("stdlib"), engine: downloads.get("engine") });
  }
  engine = ready;
  postMessage({ type: "ready", via, ms: Math.round(performance.now() - started) });
}

function checkBundle(candidate, config) {
  // The snapshot was made with the engine and every definition already
  // loaded; it must be the build this page expects.
  const reply = JSON.parse(candidate.handle(JSON.stringify({ op: "ping" })));
  if (!reply.ok || reply.bundle !== config.bundleHash) {
    throw new BootError("snapshot", "The snapshot does not match this build.");
  }
  return candidate;
}

async function compile(bytes) {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    throw new BootError("wasm", `WebAssembly could not start: ${error.message}`);
  }
}

/**
 * The runtime's files: each downloaded once, counted, and checked before use.
 *
 * Progress is counted in the bytes each file takes on the network, as the
 * build estimates them (`transfer`): the files compress differently, and a
 * bar in decompressed bytes would run ahead of the download on some and lag
 * on others.
 */
class Downloads {
  constructor(config) {
    this.config = config;
    this.started = new Map(); // name -> promise of the checked bytes
    this.received = 0;
    this.expected = 0;
    this.unfinished = 0; // files still downloading
    this.known = false; // whether `expected` is final: progress is posted only then
    this.reported = 0; // when progress was last posted
  }

  /** Every file is wanted now: what the progress bar shows can no longer go back. */
  allWanted() {
    this.known = true;
    this.count(0, true);
  }

  url(relative) {
    return new URL(relative, this.config.base).href;
  }

  /** Start downloading these files now; their sizes count toward the progress bar. */
  want(names) {
    for (const name of names) {
      if (this.started.has(name)) continue;
      this.expected += this.config.files[name].transfer;
      this.unfinished += 1;
      const bytes = this.download(name, this.config.files[name]);
      bytes.catch(() => {}); // awaited by whoever needs it; never an unhandled rejection
      this.started.set(name, bytes);
    }
  }

  get(name) {
    return this.started.get(name);
  }

  /** A checked JavaScript module: imported after its bytes passed the check. */
  async module(name) {
    await this.get(name);
    // The import is answered from the HTTP cache the download just filled; a
    // host that forbids caching (Cache-Control: no-store) is asked again.
    try {
      return await import(this.url(this.config.files[name].url));
    } catch (error) {
      throw new BootError("download", `Could not load ${name}: ${error.message}`);
    }
  }

  async download(name, file) {
    const url = this.url(file.url);
    const label = url.slice(url.lastIndexOf("/") + 1);
    const bytes = new Uint8Array(file.size);
    let filled = 0;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (filled + value.length > bytes.length) {
          await reader.cancel();
          throw new BootError("integrity", `${label} is larger than the file this site was built with.`);
        }
        bytes.set(value, filled);
        filled += value.length;
        this.count((value.length * file.transfer) / file.size);
      }
    } catch (error) {
      if (error instanceof BootError) throw error;
      throw new BootError("download", `Could not download ${label} (${error.message}).`);
    }
    this.unfinished -= 1;
    this.count(0, true);
    if (filled !== bytes.length || !(await matches(url, file.integrity, bytes))) {
      throw new BootError("integrity", `${label} is not the file this site was built with (its SHA-256 differs).`);
    }
    return bytes;
  }

  /** Count bytes received; post the progress at most every 100 ms, and whenever a file is complete. */
  count(bytes, fileDone = false) {
    this.received += bytes;
    if (!this.known) return;
    const now = performance.now();
    const done = this.unfinished === 0;
    if (done || fileDone || now - this.reported > 100) {
      this.reported = now;
      const received = done ? this.expected : Math.min(Math.round(this.received), this.expected - 1);
      postMessage({ type: "progress", received, expected: this.expected });
    }
    if (done) postMessage({ type: "status", stage: "starting" });
  }
}

async function matches(url, integrity, bytes) {
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return integrity === `sha256-${btoa(String.fromCharCode(...digest))}`;
  }
  // Outside a secure context (a page previewed over plain HTTP) there is no
  // WebCrypto: the browser's own Subresource Integrity check of the copy it
  // just cached stands in.
  return fetch(url, { integrity, cache: "force-cache" }).then(
    () => true,
    () => false,
  );
}
