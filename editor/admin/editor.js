/*
 * The site's additions to Decap CMS: Pelican's front-matter format, the
 * self-check component, previews in the site's own style, and the content
 * checks' messages after every save.
 *
 * config.json is made by the development server from the site's content
 * (tools/editor.py); its `iop_site` part is for this file, not for Decap.
 */
(function () {
  "use strict";

  const CMS = window.CMS;
  const h = window.h;
  const createClass = window.createClass;
  const CHECKS_URL = "checks.json";
  const POLL_MS = 500;
  const WAIT_MS = 120000;

  function text(value) {
    if (value === undefined || value === null) return "";
    if (typeof value.toJS === "function") value = value.toJS();
    if (Array.isArray(value)) return value.join(", ");
    return String(value);
  }

  function longDate(value) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text(value));
    if (!match) return "";
    const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return date.toLocaleDateString("en-US", {
      year: "numeric",
      month: "long",
      day: "numeric",
      timeZone: "UTC",
    });
  }

  // --- The self-check component -------------------------------------------

  // The same marker the screener plugin replaces: a paragraph of its own.
  const MARKER_RE = /^\[self-check:\s*([^\]]*?)\s*\]$/;

  function registerSelfCheck(screeners) {
    const titles = Object.fromEntries(screeners.map((s) => [s.id, s.title]));
    CMS.registerEditorComponent({
      id: "self-check",
      label: "Self-check",
      fields: [
        {
          name: "id",
          label: "Which self-check",
          widget: "select",
          options: screeners.map((s) => ({ label: `${s.title} (${s.id})`, value: s.id })),
        },
      ],
      pattern: MARKER_RE,
      fromBlock: (match) => ({ id: match[1] }),
      toBlock: (data) => `[self-check: ${data.id || ""}]`,
      toPreview: (data) =>
        h(
          "aside",
          { className: "editor-selfcheck", "data-self-check": data.id },
          h("strong", null, titles[data.id] || `Unknown self-check: ${data.id}`),
          h(
            "span",
            null,
            " The questions appear here on the site; readers answer them on their own device.",
          ),
        ),
    });
  }

  // --- Previews in the site's style -----------------------------------------

  const ArticlePreview = createClass({
    render() {
      const entry = this.props.entry;
      const get = (key) => entry.getIn(["data", key]);
      const checked = longDate(get("checked"));
      const reviewed = longDate(get("reviewed"));
      const reviewer = text(get("reviewer"));
      const credential = text(get("reviewer_credential"));
      const author = text(get("author"));
      const tags = (get("tags") && get("tags").toJS ? get("tags").toJS() : []) || [];
      return h(
        "main",
        { id: "main" },
        h(
          "article",
          { className: "article" },
          h(
            "header",
            { className: "article-header" },
            h("h1", null, text(get("title"))),
            get("summary") ? h("p", { className: "lede" }, text(get("summary"))) : null,
            h(
              "p",
              { className: "meta" },
              author ? h("span", null, `By ${author}`) : null,
              checked ? h("span", null, ` Facts checked ${checked}`) : null,
            ),
            // As the article page says it: a review only with name, credential and date.
            reviewer && credential && reviewed
              ? h("p", { className: "meta" }, `Reviewed by ${reviewer}, ${credential}, on ${reviewed}`)
              : h("p", { className: "notice" }, h("strong", null, "Not yet reviewed by a clinician.")),
          ),
          h("div", { className: "prose" }, this.props.widgetFor("body")),
          tags.length
            ? h(
                "div",
                { className: "tags" },
                h("span", { className: "tags-label" }, "Tags:"),
                h(
                  "ul",
                  { role: "list" },
                  tags.map((tag) => h("li", { key: tag }, h("a", { href: "#" }, tag))),
                ),
              )
            : null,
        ),
      );
    },
  });

  const PagePreview = createClass({
    render() {
      const entry = this.props.entry;
      return h(
        "main",
        { id: "main" },
        h(
          "article",
          { className: "page" },
          h("h1", null, text(entry.getIn(["data", "title"]))),
          h("div", { className: "prose" }, this.props.widgetFor("body")),
        ),
      );
    },
  });

  // --- The content checks, after every save --------------------------------

  function panel() {
    let box = document.getElementById("editor-checks");
    if (box) return box;
    box = document.createElement("section");
    box.id = "editor-checks";
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-labelledby", "editor-checks-title");
    box.hidden = true;
    document.body.appendChild(box);
    return box;
  }

  function show(state, title, lines, link) {
    const box = panel();
    box.replaceChildren();
    box.className = `editor-checks editor-checks-${state}`;
    const heading = document.createElement("h2");
    heading.id = "editor-checks-title";
    heading.textContent = title;
    box.appendChild(heading);
    if (lines.length) {
      const list = document.createElement("ul");
      for (const line of lines) {
        const item = document.createElement("li");
        if (line.severity) item.className = `editor-check-${line.severity}`;
        const where = document.createElement("strong");
        where.textContent = line.where;
        item.append(where, ` ${line.message}`);
        list.appendChild(item);
      }
      box.appendChild(list);
    }
    if (link) {
      const p = document.createElement("p");
      const a = document.createElement("a");
      a.href = link.href;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = link.text;
      p.appendChild(a);
      box.appendChild(p);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", () => {
      box.hidden = true;
    });
    box.appendChild(close);
    box.hidden = false;
  }

  async function checks() {
    const response = await fetch(CHECKS_URL, { cache: "no-store" });
    if (!response.ok) throw new Error(`${CHECKS_URL}: ${response.status}`);
    return response.json();
  }

  const fieldLabels = {};
  const folders = {};
  let generationBeforeSave = null;

  function describe(problem) {
    const key = problem.field.toLowerCase();
    const label = fieldLabels[key];
    let where = label ? `${label} (${problem.field}):` : `${problem.field}:`;
    if (!label && problem.line && problem.context !== undefined) {
      where = `Text, line ${problem.line} (“${problem.context.trim().slice(0, 60)}”), ${problem.field}:`;
    }
    let message = problem.message;
    // The checks speak of the file; in the editor, the field is a box in the form.
    message = message
      .replace(/^is missing; add a line '[^']*' at the top/, "is missing; fill it in")
      .replace(/^is still TODO;/, "is still empty (the file says TODO);");
    return { where, message, severity: problem.severity };
  }

  function pageLink(entry, path) {
    const slug = entry.get("slug") || path.replace(/^.*\//, "").replace(/\.md$/, "");
    const draft = text(entry.getIn(["data", "status"])).toLowerCase() === "draft";
    return draft
      ? { href: `/drafts/${slug}.html`, text: "Open the draft on the rebuilt site" }
      : { href: `/${slug}/`, text: "Open it on the rebuilt site" };
  }

  async function afterSave(entry) {
    show("waiting", "Saved. Checking it and rebuilding the site…", []);
    const started = Date.now();
    let state;
    for (;;) {
      try {
        state = await checks();
      } catch (error) {
        show("error", "Saved, but the checks could not be reached", [
          { where: "Checks:", message: `${error.message}. Is make edit still running?` },
        ]);
        return;
      }
      if (!state.building && state.generation > generationBeforeSave) break;
      if (Date.now() - started > WAIT_MS) {
        show("error", "Saved, but the rebuild is taking very long", [
          { where: "Checks:", message: "look at the terminal where make edit runs." },
        ]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    // A new entry has no path yet when Decap reports the save: the server
    // says which files the rebuild was for.
    const folder = `${folders[entry.get("collection")]}/`;
    const path =
      entry.get("path") || (state.changed || []).find((file) => file.startsWith(folder)) || "";
    const mine = state.problems.filter((p) => p.file === path).map(describe);
    const errors = mine.filter((p) => p.severity === "error");
    if (state.build_error && !errors.length) {
      if (path && state.build_error.includes(path)) {
        show("error", "Saved, but the site did not build because of this entry", [
          { where: "The build said:", message: state.build_error },
        ]);
        return;
      }
      const others = state.problems.filter((p) => p.file !== path && p.severity === "error");
      const lines = others.length
        ? others.map((p) => ({ ...describe(p), where: `${p.file}: ${describe(p).where}` }))
        : [{ where: "The build said:", message: state.build_error }];
      show("error", "Saved, but the site did not build because of another file", lines);
      return;
    }
    if (errors.length) {
      const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
      show(
        "error",
        `Saved, but the site cannot be built: ${count} to fix in this ${entry.get("collection") === "pages" ? "page" : "article"}`,
        mine,
      );
      return;
    }
    if (mine.length) {
      show("warning", "Saved and rebuilt. Worth a look:", mine, pageLink(entry, path));
      return;
    }
    show("ok", "Saved and rebuilt. The checks found no problems.", [], pageLink(entry, path));
  }

  // --- Start -----------------------------------------------------------------

  async function start() {
    const response = await fetch("config.json", { cache: "no-store" });
    const config = await response.json();
    const site = config.iop_site;
    delete config.iop_site;
    for (const collection of config.collections) {
      folders[collection.name] = collection.folder;
      for (const field of collection.fields) fieldLabels[field.name] = field.label;
    }
    CMS.registerCustomFormat("pelican", "md", window.PelicanFormat.create(site.format));
    registerSelfCheck(site.screeners);
    CMS.registerPreviewStyle(site.stylesheet);
    CMS.registerPreviewStyle("preview.css");
    CMS.registerPreviewTemplate("articles", ArticlePreview);
    CMS.registerPreviewTemplate("pages", PagePreview);
    if (site.checks) registerChecks();
    CMS.init({ config });
  }

  function registerChecks() {
    CMS.registerEventListener({
      name: "preSave",
      handler: async () => {
        try {
          // A build already under way may not include this save: wait for the one after.
          const state = await checks();
          generationBeforeSave = state.generation + (state.building ? 1 : 0);
        } catch (error) {
          generationBeforeSave = 0;
        }
      },
    });
    CMS.registerEventListener({
      name: "postSave",
      handler: ({ entry }) => {
        afterSave(entry);
      },
    });
  }

  start().catch((error) => {
    show("error", "The editor could not start", [{ where: "Error:", message: error.message }]);
  });
})();
