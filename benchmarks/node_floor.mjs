// Node's bare loadPyodide, the yardstick for warm ready: a fresh process
// imports the pinned loader and starts Python with no site and no engine,
// with the empty package list the site's worker passes too.
//
// usage: node node_floor.mjs <pyodide-dir>   prints {"total_ms": ...}

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const started = performance.now();
const runtime = path.resolve(process.argv[2]);
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const { info } = JSON.parse(fs.readFileSync(path.join(runtime, "pyodide-lock.json"), "utf8"));
const pyodide = await loadPyodide({
  lockFileContents: JSON.stringify({ info, packages: {} }),
  stdout: () => {},
  stderr: () => {},
});
if (pyodide.runPython("1 + 1") !== 2) throw new Error("Pyodide did not compute 1 + 1");
console.log(JSON.stringify({ total_ms: performance.now() - started }));
