// Injected into every benchmark page before its own scripts (through the
// DevTools protocol, so the page's CSP does not apply). Records, in page
// time (ms since navigation start): first paint, whether radios were usable
// then, every change of a widget's status and result, every click on
// "See my result", every answer, and the worker's own messages.
(() => {
  const bench = (window.__bench = {
    fcp: null,
    radiosAtFcp: null,
    status: [],
    results: [],
    clicks: [],
    changes: [],
    worker: null,
  });
  const now = () => performance.now();

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== "first-contentful-paint") continue;
      bench.fcp = entry.startTime;
      // Radios present and enabled when the first paint was reported.
      bench.radiosAtFcp = document.querySelectorAll("input[type=radio]:not(:disabled)").length;
    }
  }).observe({ type: "paint", buffered: true });

  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    constructor(...args) {
      super(...args);
      const record = (bench.worker = { created: now(), messages: [] });
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        if (data.type === "reply") return;
        record.messages.push({ type: data.type, stage: data.stage, via: data.via, ms: data.ms, at: now() });
      });
    }
  };

  new MutationObserver((records) => {
    for (const record of records) {
      const element = record.target;
      if (!(element instanceof Element)) continue;
      const state = element.getAttribute("data-state");
      if (element.hasAttribute("data-status")) {
        bench.status.push({ state, at: now() });
      } else if (element.hasAttribute("data-result") && state) {
        // `at`: the DOM has the result; `frame`: the next animation frame,
        // i.e. the frame that paints it.
        const entry = { state, at: now(), frame: null };
        bench.results.push(entry);
        requestAnimationFrame(() => {
          entry.frame = now();
        });
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });

  document.addEventListener(
    "click",
    (event) => {
      if (event.target instanceof Element && event.target.closest('[data-action="score"]')) bench.clicks.push(now());
    },
    true,
  );
  document.addEventListener("change", () => bench.changes.push(now()), true);
})();
