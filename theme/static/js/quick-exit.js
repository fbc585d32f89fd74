// "Leave this site": for a visitor who must not be seen here. Without this
// script the control is a plain link to a neutral site. With it, the answers
// on the page are cleared first and the page is *replaced*, so the back button
// does not come back here; pressing Esc twice anywhere on the page does the
// same. The page's referrer policy (no-referrer) means the neutral site is
// not told where the visitor came from.

const link = document.querySelector("[data-quick-exit]");
const ESCAPE_TWICE_MS = 1000;

function leave(event) {
  event?.preventDefault();
  for (const input of document.querySelectorAll("input")) {
    input.checked = false;
    if (input.type !== "radio" && input.type !== "checkbox") input.value = "";
  }
  document.title = "";
  location.replace(link.href);
}

if (link) {
  link.addEventListener("click", leave);
  let lastEscape = 0;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (event.timeStamp - lastEscape < ESCAPE_TWICE_MS) leave(event);
    lastEscape = event.timeStamp;
  });
}
