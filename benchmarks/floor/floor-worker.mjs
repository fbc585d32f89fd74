// The browser floor: import the pinned runtime's loader and call loadPyodide,
// with the same options as the site's worker minus the snapshot and engine.
self.onmessage = async (event) => {
  const started = performance.now();
  try {
    const { loadPyodide } = await import(event.data.runtime + "pyodide.mjs");
    const pyodide = await loadPyodide({
      indexURL: event.data.runtime,
      lockFileContents: JSON.stringify({ info: event.data.lockInfo, packages: {} }),
      stdout: () => {},
      stderr: () => {},
    });
    const ok = pyodide.runPython("1 + 1") === 2;
    postMessage({ type: ok ? "ready" : "failed", ms: performance.now() - started });
  } catch (error) {
    postMessage({ type: "failed", ms: performance.now() - started, detail: String(error) });
  }
};
