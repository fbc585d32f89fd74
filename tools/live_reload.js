// Development server only (tools/serve.py adds it to every page): reload the
// page when a new build is ready. A page with a self-check that has answers
// in it is not reloaded (that would lose them); it says so instead.
(function () {
  "use strict";
  const script = document.currentScript;
  const built = Number(script && script.dataset.generation);

  function answered() {
    return document.querySelector("form input:checked") !== null;
  }

  function notice() {
    if (document.getElementById("dev-rebuilt")) return;
    const note = document.createElement("p");
    note.id = "dev-rebuilt";
    note.setAttribute("role", "status");
    note.textContent = "The site was rebuilt. Reload the page to see the changes.";
    // CSSOM, not a style attribute: the site's CSP allows no inline styles.
    Object.assign(note.style, {
      position: "fixed",
      left: "1rem",
      bottom: "1rem",
      margin: "0",
      padding: "0.75rem 1rem",
      background: "#1a202c",
      color: "#fff",
      borderRadius: "0.4rem",
      zIndex: "1000",
    });
    document.body.appendChild(note);
  }

  async function poll() {
    try {
      const response = await fetch("/_dev/build.json", { cache: "no-store" });
      const state = await response.json();
      if (!state.building && state.generation !== built) {
        if (!answered()) {
          window.location.reload();
          return;
        }
        notice();
      }
    } catch (error) {
      // The server is restarting or stopped: try again.
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
