// Start a module worker that only loads Pyodide (no site script, no engine)
// and note, on <body>, when it reports ready.
const query = new URLSearchParams(location.search);
const runtime = new URL(query.get("runtime"), location.href).href;
const lockInfo = JSON.parse(query.get("lock"));
const worker = new Worker(new URL("floor-worker.mjs", import.meta.url), { type: "module" });
const created = performance.now();
worker.onmessage = (event) => {
  const body = document.body;
  body.dataset.workerCreated = String(created);
  body.dataset.readyAt = String(performance.now());
  body.dataset.workerMs = String(event.data.ms);
  body.dataset.state = event.data.type;
  document.getElementById("state").textContent = event.data.type;
};
worker.postMessage({ runtime, lockInfo });
