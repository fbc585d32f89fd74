// The Pyodide floor in Node.js: a fresh process, import the pinned loader and
// call loadPyodide with no site and no engine. With a snapshot path, restore
// that snapshot instead (what the site's worker does in the browser).
//
// usage: node node_floor.mjs <pyodide-dir> [snapshot.bin]
// prints one JSON line: {"import_ms", "load_ms", "total_ms", "rss_peak_bytes"}

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const started = performance.now();
const [runtimeDir, snapshotPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(path.resolve(runtimeDir), "pyodide.mjs")).href);
const imported = performance.now();
const info = JSON.parse(fs.readFileSync(path.join(runtimeDir, "pyodide-lock.json"), "utf8")).info;
const options = {
  // The site's worker passes an empty package list too (no lock file download).
  lockFileContents: JSON.stringify({ info, packages: {} }),
  stdout: () => {},
  stderr: () => {},
};
if (snapshotPath) options._loadSnapshot = new Uint8Array(fs.readFileSync(snapshotPath));
const loadStarted = performance.now();
const pyodide = await loadPyodide(options);
const loaded = performance.now();
if (pyodide.runPython("1 + 1") !== 2) throw new Error("Pyodide did not compute 1 + 1");
console.log(
  JSON.stringify({
    import_ms: imported - started,
    load_ms: loaded - loadStarted,
    total_ms: loaded - started,
    rss_peak_bytes: process.resourceUsage().maxRSS * 1024,
  }),
);
