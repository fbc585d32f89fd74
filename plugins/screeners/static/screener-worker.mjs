// Module worker: loads Pyodide once, imports the scoring engine, and answers
// scoring requests. Only JSON strings cross the boundary, in both directions.
//
// Messages in:  {type: "boot", config}           once, from screener.js
//               {type: "request", id, payload}     payload: a JSON request for the engine
// Messages out: {type: "status", stage}            "downloading" | "starting"
//               {type: "ready", via, ms}           via: "snapshot" | "full"
//               {type: "fatal", reason, detail}    the runtime could not start
//               {type: "reply", id, payload}       payload: the engine's JSON reply
//
// Pyodide's loader swallows some failures (a wasm that cannot be fetched or
// compiled is only logged, and loadPyodide then never settles), so every
// fetch and wasm compile made while booting is watched: the first failure
// ends the boot with a clear reason instead of a silent hang.

const ENGINE_DIR = "/home/pyodide/screener";
// An empty package index: the engine needs no packages, and this saves
// downloading pyodide-lock.json. Keys must match the pinned runtime's ABI.
const EMPTY_LOCKFILE = (info) => JSON.stringify({ info, packages: {} });

let handle = null; // the engine's handle(request_json) -> reply_json
let booting = null; // a promise while Pyodide starts

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "boot") {
    booting ??= boot(message.config).catch((error) => {
      postMessage({ type: "fatal", reason: error.reason || "start", detail: String(error.message || error) });
    });
  } else if (message.type === "request") {
    // The page only sends requests after "ready"; answer anything early with an error reply.
    const payload = handle
      ? handle(message.payload)
      : JSON.stringify({ ok: false, errors: [{ path: "", message: "The scorer is not ready yet." }] });
    postMessage({ type: "reply", id: message.id, payload });
  }
};

class BootError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason; // "download" | "wasm" | "memory" | "version" | "snapshot"
  }
}

// Set while a boot attempt runs: the first failed fetch or wasm compile ends it.
let failAttempt = null;

function watchFailures() {
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    if (earlyWasm && urlOf(input) === earlyWasm.url) return standIn(earlyWasm.module);
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      failAttempt?.(new BootError("download", `Could not download ${nameOf(input)}: ${error.message}`));
      throw error;
    }
    if (!response.ok) {
      failAttempt?.(new BootError("download", `Could not download ${nameOf(input)} (HTTP ${response.status}).`));
    }
    return response;
  };
  if (WebAssembly.instantiateStreaming) {
    const realInstantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
    WebAssembly.instantiateStreaming = async (source, imports) => {
      const response = await source;
      const compiled = standIns.get(response);
      if (!compiled) return realInstantiateStreaming(response, imports);
      const module = await compiled;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
  }
  for (const name of ["instantiate", "instantiateStreaming", "compile", "compileStreaming"]) {
    if (!WebAssembly[name]) continue; // older browsers lack the streaming ones
    const real = WebAssembly[name].bind(WebAssembly);
    WebAssembly[name] = (...args) =>
      real(...args).catch((error) => {
        const reason = error instanceof RangeError ? "memory" : "wasm";
        failAttempt?.(new BootError(reason, `WebAssembly could not start: ${error.message}`));
        throw error;
      });
  }
}

/** Run one boot attempt; it rejects on its own error or on the first watched failure. */
function attempt(start) {
  return new Promise((resolve, reject) => {
    failAttempt = reject;
    start().then(resolve, reject);
  }).finally(() => {
    failAttempt = null;
  });
}

function urlOf(input) {
  return String(input instanceof Request ? input.url : input);
}

function nameOf(input) {
  const url = urlOf(input);
  return url.slice(url.lastIndexOf("/") + 1) || url;
}

// Pyodide must know the snapshot's size before it instantiates its wasm, so
// left alone it starts compiling only once the whole snapshot has arrived,
// and meanwhile its own wasm download stalls (nothing reads it). Instead the
// wasm is compiled as it streams in, alongside the snapshot; Pyodide's own
// request for it gets an empty stand-in response, and instantiating that
// stand-in uses the module compiled here (see watchFailures).
let earlyWasm = null; // {url, module: Promise<WebAssembly.Module>} during a snapshot boot
const standIns = new WeakMap(); // stand-in response -> the module compiled for it

function compileEarly(url) {
  if (!WebAssembly.compileStreaming) return; // Pyodide then fetches and compiles it itself
  // fetch() runs before earlyWasm is set, so this request is a real one.
  const module = WebAssembly.compileStreaming(fetch(url));
  module.catch(() => {}); // a failure is reported by the watchers; never unhandled
  earlyWasm = { url, module };
}

function standIn(module) {
  const response = new Response(null, { headers: { "Content-Type": "application/wasm" } });
  standIns.set(response, module);
  return response;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new BootError("download", `Could not download ${nameOf(url)}.`);
  return new Uint8Array(await response.arrayBuffer());
}

async function boot(config) {
  const started = performance.now();
  watchFailures();
  postMessage({ type: "status", stage: "downloading" });
  const runtime = await attempt(() => import(config.runtimeURL + "pyodide.mjs"));
  if (runtime.version !== config.pyodideVersion) {
    throw new BootError("version", `Expected Pyodide ${config.pyodideVersion}, found ${runtime.version}.`);
  }
  const common = {
    indexURL: config.runtimeURL,
    lockFileContents: EMPTY_LOCKFILE(config.lockfileInfo),
    stdout: () => {},
    stderr: () => {},
  };
  let via = "snapshot";
  let engine = null;
  if (config.snapshotURL) {
    // A memory snapshot is a private Pyodide API: if it fails for any reason,
    // start the ordinary way instead.
    engine = await attempt(() => fromSnapshot(runtime, common, config)).catch(() => null);
    // A failed attempt may never settle inside Pyodide, so this is reset here:
    // a fallback full load fetches and compiles its wasm the ordinary way.
    earlyWasm = null;
  }
  if (!engine) {
    via = "full";
    postMessage({ type: "status", stage: "starting" });
    engine = await attempt(() => fullLoad(runtime, common, config));
  }
  handle = engine.handle;
  postMessage({ type: "ready", via, ms: Math.round(performance.now() - started) });
}

async function fromSnapshot(runtime, common, config) {
  // Pass the download itself (a promise), and compile the wasm early: the
  // runtime's script, its wasm and the snapshot then all arrive at once.
  const snapshot = fetchBytes(config.snapshotURL);
  compileEarly(config.runtimeURL + "pyodide.asm.wasm");
  const pyodide = await runtime.loadPyodide({
    ...common,
    _loadSnapshot: snapshot,
    stdLibURL: config.snapshotStdlibURL || undefined,
  });
  // Pyodide keeps its options, the 31 MB snapshot among them, for as long as
  // it runs, but it has copied the snapshot into its memory by now.
  release((await snapshot).buffer);
  // The snapshot was made with the engine and every definition already
  // loaded; make sure it is the build this page expects before trusting it.
  const engine = pyodide.pyimport("screener_engine.worker");
  const reply = JSON.parse(engine.handle(JSON.stringify({ op: "ping" })));
  if (!reply.ok || reply.bundle !== config.bundleHash) {
    throw new BootError("snapshot", "The snapshot does not match this build.");
  }
  return engine;
}

/** Free an ArrayBuffer that something else still refers to: moving it out detaches it. */
function release(buffer) {
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // An older browser keeps the copy; nothing else changes.
  }
}

async function fullLoad(runtime, common, config) {
  const [pyodide, engineZip] = await Promise.all([
    runtime.loadPyodide(common),
    fetchBytes(config.engineURL),
  ]);
  pyodide.unpackArchive(engineZip, "zip", { extractDir: ENGINE_DIR });
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_DIR)})`);
  const engine = pyodide.pyimport("screener_engine.worker");
  // load_bundle returns the registry as a proxy; only its side effect is needed.
  engine.load_bundle(pyodide.FS.readFile(`${ENGINE_DIR}/bundle.json`, { encoding: "utf8" })).destroy();
  return engine;
}
