// Site search with Pagefind. Nothing is downloaded until the reader types:
// then Pagefind's small index for this site loads from this site, and the
// search runs in the browser. Queries are never sent anywhere and never put
// in the address bar. Results are written with textContent only.

const form = document.querySelector("[data-search]");
const input = form.querySelector("input[type=search]");
const status = form.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
let pagefind = null;
let latest = 0;

form.hidden = false;
document.querySelector("[data-search-no-js]")?.setAttribute("hidden", "");

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL(form.dataset.pagefind, location.href).href);
    await pagefind.init();
  }
  return pagefind;
}

/** Pagefind's excerpt is HTML with <mark> around matches; keep only text and marks. */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

async function search() {
  const query = input.value.trim();
  const ticket = ++latest;
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  let found;
  try {
    found = await (await engine()).debouncedSearch(query, {}, 250);
  } catch {
    status.textContent = "Search could not start in this browser. Try the list of all topics instead.";
    return;
  }
  if (found === null || ticket !== latest) return; // a newer search replaced this one
  const results = await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
  if (ticket !== latest) return;
  list.replaceChildren(
    ...results.map((data) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      const excerpt = document.createElement("p");
      excerpt.append(...excerptNodes(data.excerpt));
      const heading = document.createElement("h2");
      heading.append(link);
      item.append(heading, excerpt);
      return item;
    }),
  );
  const count = found.results.length;
  status.textContent =
    count === 0
      ? `No pages match “${query}”. Try a shorter or different word.`
      : `${count} page${count === 1 ? "" : "s"} found${count > 10 ? "; showing the first 10" : ""}.`;
}

input.addEventListener("input", search);
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter") event.preventDefault();
});
