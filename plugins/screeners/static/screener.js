// Progressive enhancement for the self-checks. The questions are plain HTML
// and work without this file; it adds scoring in a module worker (Python on
// Pyodide), shows the result, and prints a summary. It never stores, sends
// or puts an answer in the address bar: radios are not in a <form>, buttons
// are type="button", and results are written with textContent only.

const scorers = new Map(); // one worker per worker URL, shared by every widget on the page

// A scorer that says nothing for this long while it downloads has stalled (a
// request that never completes, a frozen worker): the visitor gets a message,
// the paper table and a "Try again" instead of an endless wait. Every message
// from the worker shows it is alive and restarts the clock; it reports its
// download at least every 100 ms while bytes arrive.
const STALL_MS = 30000;
// Once everything has arrived, starting Python is work for the CPU alone,
// with no progress to report: a slow phone gets longer before it is a stall.
const STARTING_MS = 90000;
// A scoring request takes milliseconds once the scorer is ready.
const REPLY_MS = 10000;
// A change this soon after a tap or click on the widget came from a pointer.
const POINTER_MS = 1500;

/** A module worker that loads Pyodide once and answers JSON requests. */
class Scorer {
  constructor(config) {
    this.config = config;
    this.worker = null;
    this.state = "idle"; // idle | loading | ready | failed
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = new Set();
    this.failure = null;
    this.watchdog = null;
  }

  /** (Re)start the stall clock; it is stopped when the scorer is ready or has failed. */
  alive(ms = STALL_MS) {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.fail("stalled", "No answer from the scorer."), ms);
  }

  /** Start the worker (again, after a failure); safe to call many times. */
  start() {
    if (this.state === "loading" || this.state === "ready") return;
    this.state = "loading";
    this.failure = null;
    // A dedicated worker started from a plain URL ignores the page's <meta>
    // CSP; one started from a blob: module inherits it. The blob only
    // imports the real (content-hashed) worker from this site.
    const source = `import ${JSON.stringify(new URL(this.config.workerURL, location.href).href)};`;
    const blobURL = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    this.worker = new Worker(blobURL, { type: "module", name: "self-check scorer" });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail("crash", event.message || "The scorer stopped unexpectedly.");
    };
    this.worker.postMessage({ type: "boot", config: this.config });
    setTimeout(() => URL.revokeObjectURL(blobURL), 10000);
    this.alive();
    this.emit();
  }

  receive(message) {
    if (this.state === "loading") this.alive(message.stage === "starting" ? STARTING_MS : STALL_MS);
    if (message.type === "ready") {
      this.state = "ready";
      this.readyInfo = message;
      clearTimeout(this.watchdog);
    } else if (message.type === "fatal") {
      this.fail(message.reason, message.detail);
      return;
    } else if (message.type === "reply") {
      const request = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!this.pending.size) clearTimeout(this.watchdog);
      request?.resolve(message.payload);
      return;
    } else if (message.type === "status") {
      this.stage = message.stage;
    } else if (message.type === "progress") {
      // How much of the scoring program has arrived, in (estimated) bytes on the network.
      this.progress = { received: message.received, expected: message.expected };
      this.progressFirst ??= { at: performance.now(), received: message.received };
    }
    this.emit();
  }

  fail(reason, detail) {
    clearTimeout(this.watchdog);
    this.state = "failed";
    this.progress = this.progressFirst = null;
    this.failure = { reason, detail };
    this.worker?.terminate();
    this.worker = null;
    for (const request of this.pending.values()) request.reject(this.failure);
    this.pending.clear();
    this.emit();
  }

  /** Send one JSON request; resolves with the engine's JSON reply. */
  request(payload) {
    if (this.state !== "ready") return Promise.reject(this.failure || { reason: "not-ready" });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.alive(REPLY_MS); // a worker that died or hung mid-score is restarted on the next try
      this.worker.postMessage({ type: "request", id, payload });
    });
  }

  /** Resolves when ready (starting the worker if needed); rejects on failure. */
  whenReady() {
    if (this.state === "ready") return Promise.resolve();
    if (this.state !== "loading") this.start();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.state === "ready") resolve();
        else if (this.state === "failed") reject(this.failure);
        else return;
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  emit() {
    for (const listener of [...this.listeners]) listener(this);
  }
}

function scorerFor(element) {
  const data = element.dataset;
  const config = {
    ...JSON.parse(data.scorer), // the files to download, with their sizes and SHA-256
    workerURL: data.worker,
    lockfileInfo: JSON.parse(data.lockfileInfo),
    base: location.href, // the worker starts from a blob:, so it resolves URLs against this
  };
  if (!scorers.has(config.workerURL)) scorers.set(config.workerURL, new Scorer(config));
  return scorers.get(config.workerURL);
}

/** "Read more" links from a result: paths on this site, checked at build time. */
function readMore(links, siteRoot) {
  if (!links?.length) return null;
  const list = make("ul", null, "screener-read-more");
  for (const link of links) {
    const anchor = make("a", link.label);
    anchor.href = siteRoot + link.href.replace(/^\//, "");
    const item = make("li");
    item.append(anchor);
    list.append(item);
  }
  return list;
}

/** Create an element with text (never HTML) and optional class. */
function make(tag, text, className) {
  const element = document.createElement(tag);
  if (text != null) element.textContent = text;
  if (className) element.className = className;
  return element;
}

const STATUS_TEXT = {
  idle: "Scoring happens on this device when you ask for your result.",
  loading: "Getting private scoring ready on this device…",
  ready: "Scoring is ready. Your answers stay on this device.",
  failed: "Scoring could not start on this device. You can still score it on paper below.",
};

const FAILURE_TEXT = {
  download: "Part of the scoring program could not be downloaded. Check your connection and try again.",
  wasm: "This browser blocked or could not run the scoring program (WebAssembly).",
  memory: "This device ran out of memory while starting the scoring program.",
  integrity: "Part of the scoring program did not arrive intact, so it was not used. Reload the page to try again.",
  crash: "The scoring program stopped unexpectedly.",
  stalled: "The scoring program is taking too long to start on this device or this connection.",
  "not-ready": "The scoring program is not ready.",
};

/** A progress bar and its text; both are filled in by Widget.showProgress. */
function progressBlock() {
  const block = make("div", null, "screener-progress");
  block.dataset.progress = "";
  const bar = make("progress");
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute("aria-label", "Scoring program downloaded");
  // Inside the result's polite live region: the text changes too often to be
  // read out; the status line above announces every quarter instead.
  const text = make("p", "", "screener-progress-text");
  text.dataset.progressText = "";
  text.setAttribute("aria-hidden", "true");
  block.append(bar, text);
  return block;
}

/** The status line's share of the progress: a quarter at a time, so that it is read out rarely. */
function statusProgress(scorer) {
  if (scorer.state !== "loading" || !scorer.progress) return "";
  const { received, expected } = scorer.progress;
  if (received === expected) return " Downloaded; starting.";
  const quarter = 25 * Math.floor((4 * received) / expected);
  return quarter ? ` ${quarter} % downloaded.` : "";
}

/** " · about 20 s more to download", from the speed since the first report (rounded up). */
function timeLeft(scorer) {
  const { received, expected } = scorer.progress;
  const first = scorer.progressFirst;
  const seconds = (performance.now() - first.at) / 1000;
  if (seconds < 2 || received - first.received < expected / 20) return "";
  const left = ((expected - received) * seconds) / (received - first.received);
  if (left < 5) return " · a few seconds more to download";
  if (left < 120) return ` · about ${5 * Math.ceil(left / 5)} s more to download`;
  return ` · about ${Math.ceil(left / 60)} min more to download`;
}

/** One self-check on the page: its questions, buttons and result area. */
class Widget {
  constructor(element) {
    this.element = element;
    this.id = element.dataset.screener;
    this.scorer = scorerFor(element);
    this.status = element.querySelector("[data-status]");
    this.result = element.querySelector("[data-result]");
    this.paper = element.querySelector("[data-paper]");
    this.crisis = element.querySelector("[data-crisis]");
    this.citation = element.querySelector("[data-citation]");
    this.siteRoot = new URL(element.dataset.siteRoot || "/", location.href).href;
    this.waiting = false;
    this.safetyAnnounced = false;
    this.announcer = element.querySelector("[data-announce]");
    this.lastPointer = -Infinity;
    element.addEventListener("pointerdown", () => {
      this.lastPointer = performance.now();
    });

    for (const node of element.querySelectorAll("[data-js-only]")) node.hidden = false;
    for (const node of element.querySelectorAll("[data-no-js]")) node.hidden = true;
    element.querySelector('[data-action="score"]').addEventListener("click", () => this.score());
    element.querySelector('[data-action="reset"]').addEventListener("click", () => this.reset());
    element.addEventListener("change", (event) => {
      this.announceSafety(event.target);
      this.updateVisibility();
    });
    this.scorer.onChange(() => this.showStatus());
    this.showStatus();
    this.scheduleStart();
  }

  scheduleStart() {
    const start = () => this.scorer.start();
    if (this.element.dataset.start === "load") {
      // A self-check page: start now. Waiting for idle time first gained
      // nothing: the first paint came no sooner, and the worker was ready
      // later (by 3 % over 10 rounds; on a slow line Chromium may give no
      // idle time at all until the deadline; benchmarks/README.md).
      start();
      return;
    }
    // A self-check inside an article: the scoring program (4 to 5.5 MB) is
    // downloaded only once the reader turns to it, by focusing or answering a
    // question (or asking for a result, which starts it too).
    const begin = (event) => {
      if (!event.target.matches?.('input[type="radio"], [data-action="score"]')) return;
      this.element.removeEventListener("focusin", begin);
      this.element.removeEventListener("change", begin);
      start();
    };
    this.element.addEventListener("focusin", begin);
    this.element.addEventListener("change", begin);
  }

  showStatus() {
    const state = this.scorer.state;
    this.status.textContent = STATUS_TEXT[state] + statusProgress(this.scorer);
    this.status.dataset.state = state;
    this.showProgress();
    // How scoring started ("snapshot" or "full"), for tests and benchmarks.
    if (state === "ready") this.status.dataset.via = this.scorer.readyInfo.via;
    if (state === "ready") this.updateVisibility();
    if (state === "failed" && this.waiting) this.showFailure(this.scorer.failure);
  }

  /** The download's progress bar, shown while a result waits for the scorer. */
  showProgress() {
    const block = this.result.querySelector("[data-progress]");
    const progress = this.scorer.progress;
    if (!block || !progress) return;
    const percent = Math.floor((100 * progress.received) / progress.expected);
    block.querySelector("progress").value = percent;
    block.querySelector("[data-progress-text]").textContent =
      percent < 100 ? `${percent} % downloaded${timeLeft(this.scorer)}` : "Downloaded. Starting…";
  }

  answers() {
    const answers = {};
    for (const input of this.element.querySelectorAll("input[type=radio]:checked")) {
      answers[input.closest("[data-question]").dataset.question] = input.value;
    }
    return answers;
  }

  request(op) {
    return this.scorer
      .request(JSON.stringify({ op, screener: this.id, answers: this.answers() }))
      .then((reply) => JSON.parse(reply));
  }

  /** Ask the engine which conditional questions apply to the answers so far. */
  async updateVisibility() {
    const conditional = this.element.querySelectorAll("[data-question][data-conditional]");
    if (!conditional.length || this.scorer.state !== "ready") return;
    const reply = await this.request("visible").catch(() => null);
    if (!reply?.ok) return;
    const shown = new Set(reply.visible);
    let changed = false;
    for (const fieldset of conditional) {
      // Answers in hidden questions stay checked (nothing is lost if the
      // visitor changes their mind); the engine ignores them.
      const hidden = !shown.has(fieldset.dataset.question);
      if (fieldset.hidden !== hidden) changed = true;
      fieldset.hidden = hidden;
      fieldset.querySelector("[data-condition-note]")?.setAttribute("hidden", "");
    }
    if (changed) this.keepFocusInView();
  }

  /** After questions appear or go, focus must stay visible and in this widget.
   *  (A keyboard visitor may reach a follow-up question, or "See my result",
   *  before the scorer is ready and hides the follow-ups that do not apply.) */
  keepFocusInView() {
    const active = document.activeElement;
    if (!this.element.contains(active)) return;
    if (!active.closest("[hidden]")) {
      active.scrollIntoView({ block: "nearest" });
      return;
    }
    // The question that had focus went away: go on to the next one shown.
    const questions = [...this.element.querySelectorAll("fieldset[data-question]:not([hidden])")];
    const next = questions.find(
      (fieldset) => active.compareDocumentPosition(fieldset) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const target = next
      ? next.querySelector("input[type=radio]:checked") || next.querySelector("input[type=radio]")
      : this.element.querySelector('[data-action="score"]');
    target?.focus();
  }

  async score() {
    this.waiting = true;
    this.clearResult();
    if (this.scorer.state !== "ready") {
      this.describe("pending");
      this.result.append(
        make("p", "Getting private scoring ready… Your result will appear here as soon as it can.", "screener-pending"),
        progressBlock(),
      );
      this.showProgress();
    }
    try {
      await this.scorer.whenReady();
      const reply = await this.request("score");
      this.clearResult();
      if (reply.ok) this.showResult(reply);
      else this.showErrors(reply);
    } catch (failure) {
      this.showFailure(failure);
    } finally {
      this.waiting = false;
    }
  }

  clearResult() {
    this.result.replaceChildren();
    this.result.hidden = false;
    // What the result shows, by id, for tests and assistive styling; never answers.
    for (const key of ["state", "band", "outcome", "flags", "safety"]) delete this.result.dataset[key];
  }

  describe(state, reply) {
    const data = this.result.dataset;
    data.state = state;
    if (!reply) return;
    data.safety = String(Boolean(reply.safety));
    data.flags = (reply.flags || []).map((flag) => flag.id).join(" ");
    if (reply.band) data.band = reply.band.id;
    if (reply.outcome) data.outcome = reply.outcome.id;
  }

  /** The first answer that raises a safety flag on its own is announced, once.
   *  CSS has already shown the help beside it, script or not. A tap or click
   *  also moves focus to that help; a keyboard visitor keeps their place (arrow
   *  keys must go on choosing) and finds the help as the next Tab stop. Later
   *  answers never take focus away from the visitor again. */
  announceSafety(input) {
    if (this.safetyAnnounced || !input?.matches?.("input[data-safety]:checked")) return;
    const title = input.closest("[data-question]")?.querySelector("[data-question-crisis] [data-crisis-title]");
    if (!title) return;
    this.safetyAnnounced = true;
    this.announcer.textContent = `${title.textContent} Crisis help is listed just below this question.`;
    if (performance.now() - this.lastPointer < POINTER_MS) title.focus();
  }

  /** The crisis panel above the result shows for the scorer's safety flags too
   *  (e.g. a severe total), not only for the answers marked at build time. */
  raiseSafety(reply) {
    if (reply?.safety) this.element.dataset.safetyRaised = "";
    else delete this.element.dataset.safetyRaised;
  }

  /** The engine's words for each raised safety flag, first in the result. */
  urgentMessages(reply) {
    const flags = (reply.flags || []).filter((flag) => flag.kind === "safety");
    if (!flags.length) return null;
    const box = make("div", null, "screener-urgent");
    box.dataset.urgent = flags.map((flag) => flag.id).join(" ");
    for (const flag of flags) {
      if (flag.title) box.append(make("p", flag.title, "screener-urgent-title"));
      box.append(make("p", flag.message));
      const links = readMore(flag.read_more, this.siteRoot);
      if (links) box.append(links);
    }
    return box;
  }

  /** Where the result sits among all the bands: drawn, and said in words. */
  scale(band, score) {
    const bands = band.scale || [];
    if (bands.length < 2) return [];
    const list = make("ol", null, "screener-scale");
    list.setAttribute("aria-hidden", "true"); // the sentence below says the same
    for (const item of bands) {
      const step = make("li");
      step.title = `${item.label}: ${item.min} to ${item.max}`;
      if (item.id === band.id) step.dataset.current = "";
      list.append(step);
    }
    const labels = make("p", null, "screener-scale-labels");
    labels.setAttribute("aria-hidden", "true");
    labels.append(make("span", bands[0].label), make("span", bands[bands.length - 1].label));
    const place = bands.findIndex((item) => item.id === band.id) + 1;
    const range = band.min === band.max ? `${band.min}` : `${band.min} to ${band.max}`;
    const where = score ? `Your score of ${score.value} is` : "Your result is";
    const words = make(
      "p",
      `${where} in the “${band.label}” range (${range}): range ${place} of ${bands.length}, ` +
        `from “${bands[0].label}” (lowest) to “${bands[bands.length - 1].label}” (highest).`,
      "screener-scale-text",
    );
    return [list, labels, words];
  }

  showResult(reply) {
    const box = this.result;
    this.describe("result", reply);
    this.raiseSafety(reply);
    // Crisis help comes first (the panel above), then the scorer's own words for
    // each safety flag, above any score, whatever the total.
    const urgent = this.urgentMessages(reply);
    if (urgent) box.append(urgent);
    box.append(make("h3", "Your result", "screener-result-title"));
    box.append(make("p", "This is a screen, not a diagnosis. Only a trained professional can diagnose a health condition.", "screener-disclaimer"));
    for (const score of reply.scores) {
      const line = make("p", `${score.label}: ${score.value} out of ${score.max}`, "screener-score");
      line.dataset.score = score.id;
      line.dataset.value = String(score.value);
      box.append(line);
    }
    const outcome = reply.band || reply.outcome;
    if (outcome) {
      box.append(make("p", outcome.label || outcome.title, "screener-band"));
      if (reply.band) {
        const score = reply.scores.find((item) => item.value >= reply.band.min && item.value <= reply.band.max);
        box.append(...this.scale(reply.band, score));
      }
      box.append(make("p", outcome.meaning, "screener-meaning"));
      if (outcome.reasons?.length) {
        box.append(make("p", "Why:", "screener-subheading"));
        const why = make("ul", null, "screener-reasons");
        for (const reason of outcome.reasons) why.append(make("li", reason.text));
        box.append(why);
      }
      if (outcome.next_steps?.length) {
        box.append(make("h4", "What you can do next"));
        const steps = make("ul", null, "screener-next-steps");
        for (const step of outcome.next_steps) steps.append(make("li", step));
        box.append(steps);
      }
      const links = readMore(outcome.read_more, this.siteRoot);
      if (links) box.append(make("p", "Read more:", "screener-subheading"), links);
    }
    for (const flag of reply.flags.filter((f) => f.kind !== "safety")) {
      const note = make("div", null, "screener-notice");
      if (flag.title) note.append(make("p", flag.title, "screener-notice-title"));
      note.append(make("p", flag.message));
      const links = readMore(flag.read_more, this.siteRoot);
      if (links) note.append(links);
      box.append(note);
    }
    const actions = make("div", null, "screener-result-actions");
    const print = make("button", "Print or save my result", "screener-button");
    print.type = "button";
    print.addEventListener("click", () => printSummary(this, reply));
    actions.append(print);
    box.append(actions);
    if (this.citation) {
      // Where the questions come from, one click away rather than in the way.
      const source = make("details", null, "screener-source");
      source.append(make("summary", "Source"), make("p", this.citation.dataset.citationText));
      box.append(source);
    }
    this.focusResult(reply);
  }

  /** After "See my result": crisis help first when a safety flag is raised, else the result. */
  focusResult(reply) {
    const target = reply?.safety ? this.crisis.querySelector("[data-crisis-title]") : this.result;
    target.focus();
  }

  showErrors(reply) {
    const box = this.result;
    this.describe("errors", reply);
    // Answers given so far can already call for crisis help (e.g. PHQ-9
    // item 9), even while other questions are unanswered.
    this.raiseSafety(reply);
    const urgent = this.urgentMessages(reply);
    if (urgent) box.append(urgent);
    box.append(make("h3", "A few answers are missing or could not be read", "screener-result-title"));
    const list = make("ul", null, "screener-errors");
    for (const error of reply.errors) {
      const item = make("li");
      if (error.question) item.dataset.question = error.question;
      const question = error.question && this.element.querySelector(`[data-question="${CSS.escape(error.question)}"]`);
      if (question) {
        // A button, not a link: a #fragment would change the address bar.
        const go = make("button", error.message, "screener-link-button");
        go.type = "button";
        go.addEventListener("click", () => {
          question.scrollIntoView({ block: "center" });
          question.querySelector("input")?.focus();
        });
        item.append(go);
      } else {
        item.textContent = error.message;
      }
      list.append(item);
    }
    box.append(list);
    box.append(make("p", "Your other answers are still selected.", "screener-note"));
    this.focusResult(reply);
  }

  showFailure(failure) {
    this.clearResult();
    this.describe("failed");
    const box = this.result;
    box.append(make("h3", "Scoring could not start on this device", "screener-result-title"));
    box.append(make("p", FAILURE_TEXT[failure?.reason] || FAILURE_TEXT.crash));
    box.append(make("p", "Your answers are still selected. You can add up your score with the paper scoring table, or try again.", "screener-note"));
    box.append(make("p", "Help does not depend on scoring: if you are struggling, call or text 988 at any time. If you are in danger, call 911.", "screener-note"));
    const actions = make("div", null, "screener-result-actions");
    const retry = make("button", "Try again", "screener-button");
    retry.type = "button";
    retry.addEventListener("click", () => this.score());
    actions.append(retry);
    box.append(actions);
    if (this.paper) this.paper.open = true;
    box.focus();
  }

  reset() {
    for (const input of this.element.querySelectorAll("input[type=radio]")) input.checked = false;
    this.clearResult();
    this.raiseSafety(null);
    this.safetyAnnounced = false;
    this.announcer.textContent = "";
    this.result.hidden = true;
    document.querySelector(".screener-printout")?.remove();
    this.updateVisibility();
    this.element.querySelector("input[type=radio]")?.focus();
  }
}

/** Build a printable summary on this device and open the print dialog. */
function printSummary(widget, reply) {
  document.querySelector(".screener-printout")?.remove();
  const sheet = make("section", null, "screener-printout");
  sheet.setAttribute("aria-hidden", "true");
  const title = widget.element.querySelector("[data-title]")?.textContent || widget.id;
  sheet.append(make("h2", title));
  sheet.append(make("p", `Date: ${new Date().toLocaleDateString(undefined, { dateStyle: "long" })}`));
  sheet.append(make("p", "This is a screen, not a diagnosis. Please share it with a doctor, therapist or counselor."));
  if (reply.safety) sheet.append(make("p", "If you are in crisis, call or text 988. If you are in danger, call 911."));
  const table = make("table");
  const head = table.createTHead().insertRow();
  for (const label of ["#", "Question", "Answer"]) head.append(make("th", label));
  const body = table.createTBody();
  for (const answer of reply.answers) {
    const row = body.insertRow();
    row.append(make("td", String(answer.number)), make("td", answer.text), make("td", answer.answer));
  }
  sheet.append(table);
  for (const score of reply.scores) sheet.append(make("p", `${score.label}: ${score.value} out of ${score.max}`));
  const outcome = reply.band || reply.outcome;
  if (outcome) sheet.append(make("p", `Result: ${outcome.label || outcome.title}`));
  if (widget.citation) sheet.append(make("p", widget.citation.dataset.citationText));
  document.body.append(sheet);
  window.print();
}

for (const element of document.querySelectorAll(".screener[data-screener]")) {
  new Widget(element);
}
