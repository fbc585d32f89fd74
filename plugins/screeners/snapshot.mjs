// Make a Pyodide memory snapshot with the scoring engine already imported.
//
// usage: node snapshot.mjs <pyodide-dir> <engine.zip> <out.bin> <bundle-hash> <empty-stdlib.zip>
//
// The worker restores this snapshot instead of starting Python from scratch,
// which cuts start-up several times. Snapshots are a private Pyodide API
// (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`), so this script
// checks the result right away: it restores the snapshot in a fresh runtime
// whose standard library is an EMPTY zip, replays every request it made
// before the snapshot, and requires byte-identical replies. That proves the
// browser can skip the 2.5 MB python_stdlib.zip when it uses the snapshot:
// everything the engine needs is already imported in it.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, enginePath, outPath, bundleHash, emptyStdlib] = process.argv.slice(2);
if (!emptyStdlib) {
  console.error("usage: node snapshot.mjs <pyodide-dir> <engine.zip> <out.bin> <bundle-hash> <empty-stdlib.zip>");
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
const snapshot = pyodide.makeMemorySnapshot();

// Check: restore it with an empty standard library, as the browser will.
const restored = await loadPyodide({ ...common, _loadSnapshot: snapshot, stdLibURL: path.resolve(emptyStdlib) });
const again = restored.pyimport("screener_engine.worker");
const check = JSON.parse(again.handle(JSON.stringify({ op: "ping" })));
if (check.bundle !== bundleHash) {
  console.error(`the restored snapshot reports bundle ${check.bundle}, expected ${bundleHash}`);
  process.exit(1);
}
const differing = requests.filter((request, index) => again.handle(request) !== replies[index]);
if (differing.length) {
  console.error(`${differing.length} of ${requests.length} replies changed after restoring the snapshot, e.g. for ${differing[0]}`);
  process.exit(1);
}
fs.writeFileSync(outPath, snapshot);
console.log(`snapshot: ${snapshot.length} bytes; ${requests.length} replies identical after restoring it`);
