// Injected into every benchmark page before its own scripts (through the
// DevTools protocol, so the page's CSP does not apply). Records in page time
// (ms since navigation start) every change of a widget's status and result
// `data-state`, and for a result the animation frame that paints it.
(() => {
  const bench = (window.__bench = { status: [], results: [] });
  new MutationObserver((records) => {
    for (const { target } of records) {
      const state = target.getAttribute("data-state");
      const entry = { state, at: performance.now(), frame: null };
      if (target.hasAttribute("data-status")) bench.status.push(entry);
      else if (target.hasAttribute("data-result") && state) {
        bench.results.push(entry);
        requestAnimationFrame(() => (entry.frame = performance.now()));
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();
