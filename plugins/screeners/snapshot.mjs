// Make a Pyodide memory snapshot with the scoring engine already imported.
//
// usage: node snapshot.mjs <pyodide-dir> <engine.zip> <out.bin> <bundle-hash>
//
// The worker restores this snapshot instead of starting Python from scratch,
// which cuts start-up several times. Snapshots are a private Pyodide API
// (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`), so this script
// checks the result right away: it restores the snapshot in a fresh runtime
// and asks the engine for the bundle hash it was built with.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, enginePath, outPath, bundleHash] = process.argv.slice(2);
if (!bundleHash) {
  console.error("usage: node snapshot.mjs <pyodide-dir> <engine.zip> <out.bin> <bundle-hash>");
  process.exit(2);
}
const ENGINE_DIR = "/home/pyodide/screener";
const { loadPyodide } = await import(pathToFileURL(path.join(path.resolve(runtimeDir), "pyodide.mjs")).href);
const lockfile = JSON.parse(fs.readFileSync(path.join(runtimeDir, "pyodide-lock.json"), "utf8"));
const common = {
  lockFileContents: JSON.stringify({ info: lockfile.info, packages: {} }),
  stdout: () => {},
  stderr: (line) => console.error(line),
};

const pyodide = await loadPyodide({ ...common, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(enginePath)), "zip", { extractDir: ENGINE_DIR });
pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_DIR)})`);
const engine = pyodide.pyimport("screener_engine.worker");
const bundleText = pyodide.FS.readFile(`${ENGINE_DIR}/bundle.json`, { encoding: "utf8" });
engine.load_bundle(bundleText).destroy();

// Exercise every code path once (every definition's own test cases, and
// a few bad requests), so any module the engine imports lazily is already
// imported when the snapshot is taken.
for (const definition of JSON.parse(bundleText)) {
  for (const test of definition.tests || []) {
    for (const op of ["score", "visible"]) {
      engine.handle(JSON.stringify({ op, screener: definition.id, answers: test.answers }));
    }
  }
}
for (const request of ["not json", JSON.stringify({ op: "nope" }), JSON.stringify({ op: "score", screener: "none", answers: {} })]) {
  engine.handle(request);
}
const ping = JSON.parse(engine.handle(JSON.stringify({ op: "ping" })));
engine.destroy();
if (ping.bundle !== bundleHash) {
  console.error(`the engine reports bundle ${ping.bundle}, expected ${bundleHash}`);
  process.exit(1);
}
const snapshot = pyodide.makeMemorySnapshot();

// Check: restore it and ask again.
const restored = await loadPyodide({ ...common, _loadSnapshot: snapshot });
const check = JSON.parse(restored.pyimport("screener_engine.worker").handle(JSON.stringify({ op: "ping" })));
if (check.bundle !== bundleHash) {
  console.error(`the restored snapshot reports bundle ${check.bundle}, expected ${bundleHash}`);
  process.exit(1);
}
fs.writeFileSync(outPath, snapshot);
console.log(`snapshot: ${snapshot.length} bytes`);
