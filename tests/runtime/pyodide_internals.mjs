// Check, against the pinned Pyodide under Node.js, every Pyodide internal the
// worker relies on (plugins/screeners/static/screener-worker.mjs, its header):
//
// 1. Pyodide's own instantiateWasm adds exactly the imports `instantiate`
//    supplies, and JavaScript errors still reach Python through them;
// 2. `startPython` restores the build's snapshot (loadPyodide's private
//    `_loadSnapshot`) and starts from the trimmed standard library, and the
//    engine answers both ways.
// (That the loader downloads only the two files the stand-ins replace is
// checked in the browser: tests/browser/test_runtime.py. Under Node.js it
// reads files, not URLs.)
//
// usage: node pyodide_internals.mjs <site-output-dir>
// Prints one JSON object; tests/runtime/test_pyodide_internals.py reads it.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const pyodideDir = path.join(root, "node_modules", "pyodide");
const { startPython } = await import(pathToFileURL(path.join(root, "plugins/screeners/static/screener-worker.mjs")).href);
const { loadPyodide, version } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const createModule = (await import(pathToFileURL(path.join(pyodideDir, "pyodide.asm.mjs")).href)).default;
const lockfileInfo = JSON.parse(fs.readFileSync(path.join(pyodideDir, "pyodide-lock.json"), "utf8")).info;

const [site] = process.argv.slice(2);
const html = fs.readFileSync(path.join(site, "self-checks", "phq-9", "index.html"), "utf8");
const unescape = (text) => text.replaceAll("&#34;", '"').replaceAll("&quot;", '"').replaceAll("&amp;", "&");
const config = JSON.parse(unescape(html.match(/data-scorer="([^"]*)"/)[1]));
const local = (url) => fs.readFileSync(path.join(site, new URL(url, "http://site/").pathname));
const out = { version };

// 1. What Pyodide's own instantiateWasm adds to the imports (it reads the real wasm).
let added = null;
await loadPyodide({
  indexURL: pyodideDir + "/",
  lockFileContents: JSON.stringify({ info: lockfileInfo, packages: {} }),
  stdout() {},
  stderr() {},
  createPyodideModule(settings) {
    const own = settings.instantiateWasm;
    settings.instantiateWasm = (imports, receive) => {
      const before = { ...imports.env };
      return own(imports, (instance, module) => {
        added = Object.keys(imports.env).filter((name) => imports.env[name] !== before[name]);
        receive(instance, module);
      });
    };
    return createModule(settings);
  },
});
out.addedImports = added.sort();

// 2. The worker's own start, from the site's files and stand-ins.
const wasm = WebAssembly.compile(local(config.files.wasm.url));
const stubs = path.join(site, new URL(config.stubs, "http://site/").pathname);
const runtime = { loadPyodide, createModule, stubs, lockfileInfo };
const ping = (engine) => JSON.parse(engine.handle(JSON.stringify({ op: "ping" })));
const restored = await startPython(runtime, { wasm, snapshot: Promise.resolve(new Uint8Array(local(config.files.snapshot.url))) });
out.snapshot = ping(restored);
const started = await startPython(runtime, {
  wasm,
  stdlib: Promise.resolve(new Uint8Array(local(config.files.stdlib.url))),
  engine: Promise.resolve(new Uint8Array(local(config.files.engine.url))),
});
out.full = ping(started);

// 1. A JavaScript error, raised in a call from Python, arrives as a Python exception.
const pyodide = await loadPyodide({
  indexURL: stubs,
  lockFileContents: JSON.stringify({ info: lockfileInfo, packages: {} }),
  stdout() {},
  stderr() {},
  stdLibURL: path.join(pyodideDir, "python_stdlib.zip"),
  createPyodideModule(settings) {
    settings.instantiateWasm = (imports, receive) => {
      const marker = Symbol("error marker"); // as in screener-worker.mjs
      imports.env.Jsv_GetError_import = () => marker;
      imports.env.JsvError_Check = (value) => value === marker;
      wasm.then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)));
      return {};
    };
    return createModule(settings);
  },
});
globalThis.failing = () => {
  throw new RangeError("from JavaScript");
};
out.jsError = pyodide.runPython(`
from js import failing
try:
    failing()
except Exception as error:
    result = f"{type(error).__name__}: {error}"
result
`);
console.log(JSON.stringify(out));
