// Run the engine in the pinned Pyodide (Node.js) on a list of requests; print the replies as JSON.
//
// usage: node tests/engine/pyodide_parity.mjs <input.json>
//   input: {"files": {"name.py": "source", ...}, "bundle": "<bundle JSON>", "requests": ["<request JSON>", ...]}
//   output (stdout, one JSON object): {"python": "3.14.x ...", "pyodide": "314.0.7", "replies": [...],
//                                      "seconds": {"load": s, "import": s, "bundle": s, "requests": s}}
// Pyodide is loaded once; the engine's .py files are written into its in-memory file system,
// exactly as the browser worker unpacks them. Nothing is fetched from the network.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = join(here, "..", "..", "node_modules", "pyodide");
const { loadPyodide, version } = await import(join(pyodideDir, "pyodide.mjs"));

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const seconds = {};
let start = performance.now();
const lap = (name) => {
  const now = performance.now();
  seconds[name] = (now - start) / 1000;
  start = now;
};

const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: () => {} });
lap("load");

const target = "/home/pyodide/engine/screener_engine";
pyodide.FS.mkdirTree(target);
for (const [name, source] of Object.entries(input.files)) {
  pyodide.FS.writeFile(`${target}/${name}`, source);
}
pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide/engine')");
const worker = pyodide.pyimport("screener_engine.worker");
lap("import");

worker.load_bundle(input.bundle).destroy();
lap("bundle");

const replies = input.requests.map((request) => worker.handle(request));
lap("requests");

const python = pyodide.runPython("import sys; sys.version");
worker.destroy();
process.stdout.write(JSON.stringify({ python, pyodide: version, replies, seconds }));
