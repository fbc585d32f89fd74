"""benchmarks/README.md: how to run, how each figure is measured, and the latest table."""

from __future__ import annotations

from pathlib import Path

from . import report
from .machine import one_line

README = Path(__file__).parent / "README.md"

INTRO = """\
# Benchmarks

Scripts that measure the site and print figures. They never fail on a time
(the tests stay functional); `make bench` exits non-zero only when a
benchmark could not run at all.

## Running

```
make bench                     # installs what it needs, runs everything (~30 min)
make bench BENCH=--quick       # ~10 min; BENCH passes any options below
# what the Makefile runs:
npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error   # Lighthouse 12.8.2, pinned
.venv/bin/python -m benchmarks.run           # ~30 min on a 2-core VM
.venv/bin/python -m benchmarks.run --quick   # ~10 min: fewer runs, builds up to 100 articles
.venv/bin/python -m benchmarks.run --only pages,build --rounds 3   # any subset of the sections
```

`make bench` installs what it needs: what `make test` installs (the venv
with Playwright, Debian's Chromium, nginx with the brotli_static module)
and Lighthouse, with `npm ci --prefix benchmarks` from
`benchmarks/package-lock.json`, never from the site's package.json (run by
hand without it, the Lighthouse rows are skipped). Each run prints a
table, writes everything (raw samples included) to
`benchmarks/results/<timestamp>.json` (git-ignored), and a full run
rewrites this README. Options: `--rounds`, `--pace`, `--round-trips`,
`--article-runs`, `--lighthouse-runs`, `--build-sizes`, `--build-runs`,
`--short-build-runs`, `--alternatives` (names from `alternatives.py`, `all` or
`none`), `--keep`
(keep the temporary folder), `--no-readme`, `--from-json FILE`
(measure nothing: print the table of a saved run; with `--readme`, rewrite
this file from it).

## How it measures

Machines like this one are noisy (2 shared cores; other jobs run at the same
time), so every figure is the **median [min–max]** over at least 5 runs (3
with `--quick`), every comparison is a **ratio taken within one round**
(A B A B …), and CPU seconds are reported next to wall times where they
help.

- **Served like production.** The site is built with `publishconf.py` for
  `http://127.0.0.1:<free port>` and finished with `tools.publish`
  (.br/.gz copies, and a .zst copy of Pyodide's wasm), then served by
  Debian's nginx with `deploy/nginx/iop-guide.conf` as shipped (only
  `listen` and `root` changed): immutable caching of versioned files,
  brotli_static, the wasm as zstd to browsers that accept it. Bytes are
  nginx's `$body_bytes_sent` per request (the compressed bodies a visitor
  gets), from an access log with a format of our own; this also sees the
  worker's requests, which the DevTools protocol on the page does not.
- **Cold and warm.** Each visit launches Chromium with a persistent profile
  folder. Cold: a new folder (empty disk cache). Warm: the browser is
  closed and launched again on the same folder (the visitor comes back:
  disk cache and V8's code caches, pages revalidated with a 304; Chromium
  made no wasm code cache in any visit measured, see below).
- **The browser is already running**, as a visitor's is when they follow a
  link: each visit waits until Chromium has finished starting (its
  processes together below 10 % of a core for 250 ms; about 1–2 s) before
  it navigates. Chromium's start-up costs about 2 s of CPU here (the browser
  process and a renderer for its own UI), and on two cores it slowed the
  page it was started for by about 0.3 s (measured 2026-11-23: ready 1.42 s
  cold with the start-up, 1.09 s without, same build). The self-check
  page's cold and warm visits are also measured with the browser starting
  at the moment of navigation, as before, and both are reported.
- **Page times** are recorded in the page (ms since navigation start) by
  `instrument.js`, injected through the DevTools protocol so the page's CSP
  does not apply: first contentful paint (and how many radios were in the
  document and enabled at that moment), every status change of the widget
  (`data-state` idle → loading → ready), the worker's own messages (by
  wrapping `Worker`, so the boot is split into: worker script running →
  runtime loader imported and snapshot downloaded → Pyodide restored and the
  engine checked), every answer (`change`) and every click on "See my
  result", and the result's `data-state` with the animation frame that
  paints it.
- **Form accepts input**: a scripted visitor clicks the first answer as soon
  as Playwright can (before any script or worker is ready); the time its
  `change` event fires is reported, and the target is judged on whether the
  radios were in the document and enabled at first paint.
- **Floors**: `floor/node_floor.mjs` runs bare `loadPyodide` of the pinned
  package (`node_modules/pyodide`) in a fresh Node process, with the same
  empty package list the site's worker passes; it also restores the site's
  snapshot, for comparison. The Chromium floor is a plain page
  (`floor/index.html`, copied into the published site under
  `/static/bench-floor/`, so it is served the same way) whose module worker
  only imports the site's runtime folder and calls `loadPyodide`.
- **Visitors** (self-check PHQ-9, answers with a known result, checked):
  *realistic* answers one question every 1.5 s from first paint with real
  clicks (the tests' page object, `tests/browser/widget.py`), then clicks
  "See my result"; *impatient* answers everything and clicks "See my result"
  in one go (DOM clicks on the labels) as soon as the button exists, cold
  and warm. Latency = click → the frame that paints the result.
- **Round trip**: on the warm page once ready, "See my result" is clicked 20
  times; the first click after ready is reported apart (the engine's first
  call in a fresh runtime is slower).
- **Memory**: peak resident memory (`VmHWM`) of the renderer process running
  the page; a dedicated worker is a thread of that process, so this is page
  and worker together, WebAssembly memory included. The renderer is found
  with the DevTools `SystemInfo.getProcessInfo` (the busiest renderer that is
  not the browser's UI). V8's own figures come from `Runtime.getHeapUsage`
  on the page and on the worker target (reached with `Target.attachToTarget`
  through a browser session), each after a full garbage collection
  (`HeapProfiler.collectGarbage`), with the renderer's resident memory at
  that moment: what the visit still holds while the visitor answers. The
  worker's `backingStorageSize` counts its ArrayBuffers (Pyodide keeps the
  31 MB snapshot referenced from its options; since 2026-11-23 the worker
  detaches it once restored); WebAssembly memory is not counted there,
  only in the renderer's RSS. `performance.measureUserAgentSpecificMemory`
  is not available: it needs cross-origin isolation (COEP), which the site
  does not send.
- **Throttled**: the same cold visit with DevTools network emulation
  (10 Mbit/s down, 150 ms round trip), which also applies to the worker's
  downloads; shows what the bytes cost on a real connection.
- **Alternatives** are built next to the site without editing it: a
  settings override (`SCREENER_SNAPSHOT = False`), or the built output
  changed before compression (`alternatives.py`), or after it. By default:
  no snapshot, the worker's previous sequential downloads, the worker
  without its early compile, the wasm without its zstd copy
  (`brotli_wasm`) and the page's previous wait for idle time before it
  starts the worker (`idle_250`). `--alternatives all` adds a sparse
  snapshot (zero blocks left out, expanded in the worker) and V8's compile
  hints, which measured no gain on 2026-11-23, and the older 1.5 s idle
  wait (see the comments in `alternatives.py`).
- **Articles**: every article opened cold (new browser context), bytes and
  requests from nginx; the same page with JavaScript off must show the same
  article text. An article that embeds a self-check is reported as loaded and
  after scrolling to the widget (the worker starts then).
- **Lighthouse** 12.8.2 (Node 20; 13.x needs Node 22), mobile preset
  (simulated throttling), against the same nginx, with Debian's Chromium
  (`CHROME_PATH`); 3 runs per page type (about 30 s each), 1 with `--quick`.
  Lighthouse ends before the worker is ready: it scores the page shell.
- **Build**: `pelican` as `make html` runs it, into a fresh output folder
  and a fresh content cache each run, started through `gcwatch.py`, which
  runs it as `python -m pelican` does and counts Python's garbage
  collections (before the build it imports nothing that `python -m` does
  not, so as to move the collector's counts as little as it can). As on an
  author's machine between edits, Python keeps compiled modules (this
  machine's environment sets `PYTHONDONTWRITEBYTECODE`; the builds drop it)
  and the plugin's own cache is warm: the snapshot, the definitions that
  passed their checks, the runtime's digests, compiled templates and the
  sealed copies of the runtime and snapshot it hard-links into the output.
  The one-time cost of making the snapshot is reported apart; checking all
  five definitions afresh adds about 0.13 s (measured apart, not in the
  table). Variants on the same articles: the site's settings ("plugin"),
  `PLUGINS` minus `screeners` ("stock": the overhead target is plugin /
  stock − 1), and only the plugins the theme cannot render without,
  `navigation` and `theme_assets` ("minimal"; a build with no plugins at all
  fails: the theme uses navigation's `wrap_tables` filter). Synthetic sites
  copy the five real articles in groups (links rewritten inside each group,
  titles numbered, dates today) plus all pages and screeners; one article in
  five embeds a self-check. The largest size runs plugin vs stock only,
  without warm-up builds, 5 times; the real site and the smaller sizes 11
  times (since 2026-12-02): a build of the real site takes about 0.6-0.7 s
  and the plugin's share of it about 30-35 ms, while two builds of the same
  variant can differ by as much. Incremental: Pelican's content cache on,
  one article edited (a sentence appended), rebuilt, 5 times.
"""


def _build_runs(args) -> str:
    """How many builds each figure has: '5 runs', or '11 runs (5 for the largest ...)'."""
    short = getattr(args, "short_build_runs", None) or args.build_runs
    if short == args.build_runs:
        return f"{short} runs"
    return f"{short} runs ({args.build_runs} for the largest and the rebuild)"


FINDINGS = """
## What was tried, and what the figures say

Measured on 2026-11-23 on this machine; the alternatives named in code
quotes can be measured again with `--alternatives`.

- **Memory snapshot** (the site) against none (`no_snapshot`): the worker is
  ready about 3.5x sooner cold, with about 5.7x less CPU, for 1.8 MB more to
  download. Kept.
- **The snapshot download passed to `loadPyodide` as a promise** against
  downloading it first (`sequential_downloads`): no difference on a local
  network (0.98x), 1.3x slower without it on a 10 Mbit/s line. Kept.
- **Compiling the wasm while it and the snapshot download** (`late_compile`
  is the worker without it): 1.09x slower cold without it, the same warm and
  throttled. A small gain, kept: it also stops the wasm download stalling.
- **Sparse snapshot** (`sparse_snapshot`: all-zero blocks dropped, 31 MB to
  16 MB to decode): no gain (0.96-0.99x; a separate A/B of the worker's own
  boot time gave 1.10 s against 0.96 s cold). Not adopted.
- **The snapshot in 2, 4 or 8 parts fetched at once**: a fresh worker holds
  the 31 MB after 0.50-0.75 s however it is split. Not adopted (a probe,
  not kept).
- **No compression, or gzip instead of brotli, for the snapshot**: it
  arrives no sooner (0.42-0.56 s uncompressed, 0.55-0.63 s compressed);
  brotli is 1.85 MB smaller than gzip. Brotli kept.
- **zstd for Pyodide's wasm** (since 2026-12-02; `brotli_wasm` is the site
  without it). Chromium sends `Accept-Encoding: gzip, deflate, br, zstd`
  even to http://127.0.0.1, and keeps a response in its cache as it came,
  so a returning visitor's browser decodes the 9.6 MB wasm again on every
  visit: 43 ms of CPU with brotli, 15 ms with zstd (Python's bindings of
  the same libraries; level 19, an 8 MB window, the most RFC 9659 lets a
  browser need). A probe of 8 rounds on 2026-12-02, the machine slow (Node's
  floor 4.3 s): warm ready 0.87x of the site's [0.82-1.02], faster in 7 of
  8 rounds, cold 0.94x; the visit costs 0.15 MB more (2.89 MB against 2.74
  MB for the wasm). The same for the snapshot too (`.zst` for both): cold
  0.89x, warm 0.95x, for 0.47 MB more; the snapshot alone: 0.98x cold, 0.97x
  warm for 0.32 MB more. So only the wasm has a zstd copy. nginx has no
  zstd_static: the shipped config rewrites to the `.zst` file when the
  browser accepts zstd and the copy exists (tested in tests/deploy). In
  the full run 20261202-183825 (a slow machine: Node's floor 3.4 s) the
  site without it was ready 1.15x as late cold and 1.16x warm [1.02-1.31];
  in a 4-round run later that day (Node's floor 2.7 s again) 1.10x cold
  (later in all 4 rounds) but 0.96x warm [0.87-1.35]. So a gain cold, and
  warm on a busy machine; on a calm one warm is within the noise. On the
  10 Mbit/s line the worker's own boot took the same time with either
  (7.0 s), so the 0.15 MB costs nothing there that this measures.
- **The wait before the worker starts.** A self-check page started its
  worker when the page was idle, up to a deadline, so as not to slow the
  first paint. On the 10 Mbit/s line Chromium often gave the page no idle
  time at all before the deadline, though it had loaded and painted at
  about 0.5 s: with a deadline of 1.5 s (`idle_1500`), 13 of the 25
  throttled visits of run 20261202-183825 (every variant alike) created
  the worker at about 2.0 s instead of 0.6 s, and were ready 1.3 s later.
  With 250 ms (`idle_250`), in 4 rounds the throttled worker started by
  0.76 s every time (1.5 s: 2.0 s in 2 of 4, ready 9.0 s against 7.8 s).
  Since 2026-12-02 the page starts it at once, when its script runs: in a
  probe of 10 rounds (Node's floor 2.3 s) that was ready 0.97x as late as
  with the 250 ms wait warm [0.91-1.02], sooner in 8 of 10, and 0.96x cold
  [0.82-1.05]; the worker was created at 103 ms instead of 142 ms (warm),
  and the first paint came no later (144 ms both, warm; 146 against 152 ms
  cold). An earlier 5-round measurement (2026-11-23, cold only, the
  deadline 1.5 s) had shown no gain within its noise (1.18x [0.83-1.63]).
- **Starting the worker before the page is laid out**: the script as an
  `async` module in `<head>` with `fetchpriority="high"`, carrying the
  worker's settings itself, so it need not wait for the form to be parsed:
  no sooner than starting at once (0.97x of the idle wait warm, the same
  probe). A trace of a warm visit shows why: the page's first style and
  layout (about 42 ms, from 86 ms) runs before any script can, and the
  script arrives during it. `content-visibility: auto` on the questions,
  the paper table and the footer, to shorten that layout: within the
  noise (a probe of 8 rounds, 0.99x warm). Neither adopted (probes, not
  kept).
- **Downloading the snapshot (and compiling the wasm) in the page** and
  handing them to the worker, whose thread is busy starting Pyodide: the
  worker was ready no sooner (warm, browser already running: 0.96 s with
  both, 1.09 s with the snapshot only, against 0.96 s; 5 rounds). Not
  adopted (a probe, not kept).
- **Instantiating Pyodide while the snapshot is still arriving**: Pyodide
  reads only the snapshot's length before it restores it, so it can be given
  an empty buffer of the right size at once and made to wait in its `fsInit`
  hook until the download has filled it. The restore then ends 0.1 s after
  the snapshot arrives instead of 0.25-0.3 s, but the snapshot arrives about
  0.25 s later: the download competes for the same two cores (the worker's
  thread reads it). No gain in either place it was tried (worker, page).
  Not adopted.
- **Emptying the wasm's data segments**, which the snapshot restore
  overwrites anyway (1.1 MB of the 2.7 MB brotli download): Pyodide's
  start-up code (`initRuntime`) reads that static data before the restore
  and crashes. Not adopted.
- **A browser that is already running** (how the page visits are measured
  since 2026-11-23, see above): Chromium's own start-up had been taking
  about 0.3 s from the page.
- **Decompressing the snapshot in the worker** (served as a raw-deflate
  file without `Content-Encoding`, 6.2 MB, inflated with
  `DecompressionStream`), so that 6 MB instead of 31 MB cross from the
  network service into the page's process: no gain (warm ready 1.13 s
  against 1.00 s, cold the same; 4 rounds while the machine was slow),
  and 1.9 MB more to download. Chromium 156 has no brotli in
  `DecompressionStream`.
  Not adopted (a probe, not kept).
- **Making V8's code cache for `pyodide.asm.mjs` on the first visit** (a
  `modulepreload` of it from the page once the worker is ready, so that the
  second compile, which makes the cache, happens then): Chromium made no
  cache on the first visit. It would not have helped anyway: the cache V8
  makes for that module is 20 kB (its top level only; functions compile
  when called), and the third visit, which uses it, was not faster than
  the second (boot 656 against 627 ms, 3 rounds). Not adopted.
- **Letting Chromium cache the compiled wasm**: V8 caches a module once it
  has optimised code worth caching and then 2 s pass without more. A warm-up
  of 1 to 5 s of scoring in the worker after ready, with the visit kept open
  12 s more, still left no wasm in the profile's code cache. Not adopted.
- **V8's compile hint on Pyodide's scripts** (`compile_hints`: both start
  with `//# allFunctionsCalledOnLoad`, so V8 compiles every function at
  once and its code cache holds them all): no gain. In the full run
  20261123-113102 it was ready 1.13x [0.82-1.34] as late as the site cold
  and 1.03x [0.81-1.31] warm; a probe of 5 rounds of 4 visits on one
  profile gave 876, 989, 904 and 827 ms (first to fourth visit) against
  943, 856, 792 and 825 ms without it, so the code cache it fills does
  not help the later visits either. Not adopted.

**The warm target sits at its edge on this machine**: four full runs on
2026-11-23 gave 0.299x (per round 0.289, 0.293, 0.299, 0.299 and 0.396),
0.287x (0.261, 0.287, 0.293, 0.294, 0.299), 0.32x (0.280, 0.310, 0.319,
0.344, 0.354; warm ready itself 754 ms against 796 ms in the run before,
but Node's floor was 2.59 s against 2.84 s) and 0.303x (0.225, 0.302,
0.303, 0.306, 0.354), a 2-round run the same day 0.31x; with Chromium
starting at the moment of the visit it is about 0.41-0.44x. Warm ready
itself is 0.74-0.80 s in each of those four; the floor it is divided by
moves more (2.4-3.4 s within one run). Two more full runs later that day
(08:27 and 08:54 UTC), when the whole machine was slower (Node's floor
3.2-4.8 s, 1,000-article builds 35-45 s against 28 s), gave 0.33x (0.255,
0.265, 0.327, 0.330, 0.344) and 0.32x (0.262, 0.275, 0.318, 0.341,
0.369), warm ready itself 1.0-1.5 s: on a busy machine the browser, with
more threads, slows more than Node does. A full run at 11:31 UTC
(20261123-113102) gave 0.31x (0.244, 0.299, 0.306, 0.365, 0.402), warm
ready itself 756-1,152 ms. On 2026-12-02, with the zstd wasm: 0.305x
(0.234, 0.303, 0.305, 0.369, 0.370; Node's floor 3.3-4.9 s) in the full
run 20261202-183825, and 0.30x (0.280, 0.292, 0.313, 0.372; the floor
2.7-2.8 s) in a 4-round run later that day. With the worker started at
once: 0.29x [0.29-0.31] in the full run 20261202-232703 (Node's floor
2.30 s, warm ready 684 ms [647-708]) and 0.305x (0.274, 0.304, 0.305,
0.309, 0.313; the floor 2.28-2.56 s, warm ready 701-744 ms) in the full
run 20261203-061825, whose machine was busier at the end (load 3.0).

**Build time linear in articles** is judged on the plugin build's medians
at 10, 100 and 1,000 articles, which this machine's noise moves: four full
runs on 2026-11-23 gave 1.02x, 0.92x, 1.31x (with the 100-article plugin
build's median below stock's; stock itself 1.02x in the same rounds),
1.08x (stock 1.12x) and 1.15x (stock 1.08x). The plugin's own clock is
flat in the number of articles (0.05, 0.04 and 0.05 s at 10, 100 and
1,000).

**Where a warm visit's time goes** (Chromium trace and per-thread CPU of a
warm visit, browser already running; about 1.0-1.1 s to ready): about
0.2 s before the worker starts (navigation, HTML, first layout, the page
script), then about 0.8 s of boot, CPU-bound on two cores: the renderer
uses about 0.9 s of CPU in that time (its main thread 0.3 s, the worker
0.3 s, V8's background compilers 0.3 s) and the network service about
0.3 s (brotli: 0.16 s for the snapshot alone). A second trace (with V8's
sampling profiler, warm visit, 2026-11-23) shows what the
worker's thread does in its 0.4 s of CPU: about 0.09 s runs wasm (CPython
and Pyodide's C code); the rest is the engine and Pyodide's JavaScript:
compiling `pyodide.asm.mjs` (60 ms), compiling wasm functions lazily as
they are first called (about 1,000 of them, 80 ms), reading the streamed
wasm, and Emscripten's dynamic linking (instantiating the module, 262
small wasm modules compiled and instantiated one by one, the symbol
tables), with 20 ms to copy the 31 MB snapshot into memory. V8 also
validates the wasm in the background while it streams in (0.1 s), and
about 60 ms before ready starts optimising CPython's interpreter loop
(0.3 s on a background thread, mostly after ready). None of this is the
site's code: reordering the same work gains nothing here; less work would
mean a smaller or differently linked runtime.

**The boot's critical path** (a probe: the worker posted the time of each
step, 4 rounds, 2026-11-23; ms after the worker's boot starts, cold and warm
alike): Pyodide's loader is imported at 10 ms and the snapshot's headers
arrive at 20 ms; the wasm is compiled at 230-250 ms; the whole 31 MB
snapshot has arrived at 340-370 ms; Pyodide has restored it at 575-615 ms;
the engine answers its check 5 ms later. So the restore waits for the
snapshot, then takes about 0.24 s of its own. The snapshot cannot be
smaller than 30 MiB: that is the initial memory Pyodide's wasm declares (480
pages), and the memory right after a bare `loadPyodide`. The small wasm
modules of the dynamic linking (260 in Node) are not the cost they seemed:
they take 12-13 ms to compile and 2-6 ms to instantiate there, of a
390-420 ms restore.

**Build overhead**: the plugin's own clock (SCREENER_TIMINGS) gives about
0.03 s per build of the real site (0.04-0.05 s for the synthetic ones),
down from about 0.2 s earlier on 2026-11-23. Where the 0.18 s went
(medians of 7-9 builds of the real site, the plugin's parts): importing
the engine and its YAML reader (0.07 s, mostly creating the engine's 44
dataclasses) and checking five unchanged definitions again (0.01 s) are
gone: a definition that passed every check is remembered by its text and
file name, the engine's files, the loader, and the YAML reader's and
Python's versions; any change checks it in full, one with problems is
checked on every build, and `make check` never uses the memory. Hashing
the 13 MB runtime (0.02 s) is remembered while its files' inode, size,
mtime and ctime stay the same. Compiling the page templates (0.025 s)
is kept between builds, in a folder per set of Jinja compile options.
Deflating the engine zip (0.005 s) is left to the server's brotli, which
compresses the stored zip better (37 kB against 49 kB).
Copying the runtime and the 31 MB snapshot into the output (0.018 s, and
about 5 ms for Pelican to delete them again) became hard links to sealed,
read-only copies in the plugin's cache; a write through the output breaks
the seal and the next build ships a fresh copy. What is left: importing
the plugin's own modules (0.01 s, with Python's compiled modules kept;
0.02 s without), reading the remembered definitions and planning the
files (0.007 s), rendering six pages and the widgets (0.01 s). Of the
import, creating the plugin's dataclasses is most (about 0.7 ms each on
this machine).
On 2026-12-02 (a slower day: Node's floor 4.2 s against 2.9 s) four more
things a build redid with nothing changed are remembered or cheaper:
parsing the runtime's 120 kB `pyodide-lock.json` for its four-line header
(2.4 ms, and thousands of objects for the garbage collector), hashing the
~20 files that decide a definition's verdict (2.5 ms), zipping the engine
(2.3 ms), and making eight dataclasses at import (the plain records are
NamedTuples now, about a fifth of the cost). Over 11 interleaved builds
of the real site the plugin's own clock went from 50 ms [41-61] to 41 ms
[27-50].
Where the rest of the overhead goes (2026-12-02, late, a calm machine:
Node's floor 2.3 s; 15 interleaved builds of the real site): plugin
0.672 s against stock 0.637 s, 5.4 % [3.5-6.9]. The plugin's own clock:
21-24 ms (3.3 %): importing its modules 6 ms, the checks and the plan 5 ms
(the definitions' and engine's digests, the views, the file names), the
pages and files 12 ms (six pages through the theme's templates, the
widgets 2.7 ms, placing the files 1 ms). The other 10 ms are Pagefind's:
indexing the six self-check pages and the article's embedded one took
118-122 ms against 108-112 ms for the stock output (12 runs each).
Leaving the whole widget out of the index (`data-pagefind-ignore="all"`)
takes that back to the stock figure, but then no question can be found
by searching ("nervous anxious" finds the GAD-7 by its first question);
leaving out only its parts that read the same on every self-check (the
answer labels, the paper table, the crisis box, the footer) saved nothing
measurable. Not adopted. What is left is the work the self-checks are:
six pages rendered and indexed, about 1 ms each to render and 2 ms to
index.
On 2026-12-03 every build got about 79 ms faster, plugin or not: the
search-index plugin ran Pagefind as `python -m pagefind`, which starts a
second Python and imports asyncio only to exec the binary; it now runs
the binary itself (8 interleaved stock builds: 709 ms before, 630 ms
after). The plugin's cost stays what it was, so its share grows: 15
interleaved builds on a calm machine gave plugin 0.640 s against stock
0.608 s, 5.6 % [1.7-7.9], its own clock 19.8 ms (3.2 % [2.9-3.6]; its
last three dataclasses became plain classes, about 1.3 ms less import).
Timed inside Pelican (12 builds each): 17 ms more before Pagefind starts
(the plugin's own work, 2 ms of it more garbage collection) and 11.7 ms
more in Pagefind (49.9 ms against 38.2 ms), which indexes the six
self-check pages, the list of them and the embedded widget. So on a site
of five articles the self-checks are about as much work to build and
index as the 5 % the target allows; at 100 and 1,000 articles their share
is 1-2 % and within the noise.

**Why 10 synthetic articles cost more**: every build runs through
`gcwatch.py`, which counts what Python's garbage collector does (the rows
"full garbage collections" and "time in Python's garbage collector"). At
10 articles the plugin builds run one full collection (about 20 ms: it
walks every object Pelican holds) and the stock builds none. Counted per
generation on 2026-11-23 (young, middle, full): stock 110, 10, 0; plugin
113-114, 11, 1. CPython starts a full collection only after more than 10
middle ones, so the stock build ends just before its first; at 15
articles stock ends with 113, 11, 0, again without one, and at 100
articles both variants run one. So the figure at 10 is where the stock
build happens to fall against the collector's thresholds, not a cost that
grows with the site. The plugin's full collection falls inside its page
rendering (8 ms with the collector off, 20-28 ms with it on), which is
why its own time there is 0.05 s. The A/B difference also holds other
plugins' work on the six added pages (Pagefind indexes them in about
10-15 ms more): that part comes with having the pages.
"""


def write(
    result: report.Report, machine: dict, minutes: float, stamp: str, args, errors=()
) -> None:
    """Rewrite README.md with the latest table."""
    # Two cores: a one-minute load above 1.5 at either end means more was
    # running than the benchmark's own processes usually make (about 1.5),
    # whether other jobs or the benchmark waiting on a slower machine.
    busy = (
        "(the machine was busier than the benchmark alone makes it: read the figures "
        "as this machine on a busy day)."
        if max(machine["load_average"][0], machine.get("load_average_end", (0,))[0]) > 1.5
        else "(nothing else was running)."
    )
    text = (
        INTRO
        + f"""
## Latest results

Run `{stamp}` ({minutes:.0f} min), `python -m benchmarks.run` with
{args.rounds} page rounds, {args.article_runs} visits per article,
{args.lighthouse_runs} Lighthouse runs per page, builds of
{", ".join(str(s) for s in args.build_sizes)} synthetic articles × {_build_runs(args)}.

Machine: {one_line(machine)}. Load average {" / ".join(f"{x:.2f}" for x in machine["load_average"])}
at the start, {" / ".join(f"{x:.2f}" for x in machine.get("load_average_end", ()))} at the end
{busy}

{report.markdown(result)}
{FINDINGS}"""
    )
    if errors:
        text += "\n**Not measured in this run** (errors; see the JSON):\n\n" + "".join(
            f"- {error.splitlines()[0]}\n" for error in errors
        )
    README.write_text(text)
