/*
 * Pelican's `Key: value` front matter as a Decap CMS file format.
 *
 * Pelican reads Markdown metadata with Python-Markdown's `meta` extension;
 * the content checks (plugins/content_checks/frontmatter.py) parse it the
 * same way, line for line. This file reads and writes exactly that, so the
 * editor and a text editor write the same files: no migration, the checks
 * keep their line numbers, and Pelican needs no extra plugin.
 *
 * fromFile(text) returns the fields (lower-case keys, as Pelican sees them)
 * and `body`. It also keeps how the file was written under LAYOUT_KEY (a
 * name no front-matter key can have, as ':' is not allowed in one):
 * toFile writes a field whose value did not change exactly as it was, so
 * saving an unchanged entry gives back the same bytes. A changed or new
 * field is written as `Name: value`; an empty one is left out.
 *
 * Loaded by the admin page as a plain script (window.PelicanFormat) and by
 * the tests with require().
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.PelicanFormat = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Python's str.isspace() characters: what `\s` and str.strip() mean in Python-Markdown.
  const SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  // The same patterns as markdown.extensions.meta, which Python's re.match
  // anchors at the start only (so BEGIN and END match any line that starts so).
  const META_RE = new RegExp(`^[ ]{0,3}([A-Za-z0-9_-]+):[${SPACE}]*([\\s\\S]*)`);
  const META_MORE_RE = /^[ ]{4,}([\s\S]*)/;
  const BEGIN_RE = /^-{3}/;
  const END_RE = /^(-{3}|\.{3})/;
  const KEY_RE = /^[A-Za-z0-9_-]+$/;
  const LAYOUT_KEY = "pelican:layout";
  // Pelican splits these on ';' when there is one, else on ',' (ensure_metadata_list).
  const DEFAULT_LISTS = ["tags", "authors"];
  const PLACEHOLDER = "TODO";

  // Python's str.strip() and Markdown's `\s`: all Unicode white space.
  const STRIP_RE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
  const strip = (text) => text.replace(STRIP_RE, "");

  /** A line as Python-Markdown sees it: no STX/ETX, tabs expanded to 4 columns. */
  function normalized(line) {
    let out = "";
    let column = 0;
    for (const ch of line.replace(/[\x02\x03]/g, "")) {
      const width = ch === "\t" ? 4 - (column % 4) : 1;
      out += ch === "\t" ? " ".repeat(width) : ch;
      column += width;
    }
    return out;
  }

  /** Split text into lines, each with its own line ending ("" for the last one). */
  function splitLines(text) {
    const lines = [];
    const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
    let match;
    while ((match = re.exec(text)) !== null) {
      if (match[0] === "") break; // the end of the text
      lines.push({ text: match[1], end: match[2] });
    }
    return lines;
  }

  function splitList(value) {
    const parts = value.includes(";") ? value.split(";") : value.split(",");
    return parts.map(strip).filter((part) => part !== "");
  }

  /** `save_as` -> `Save_as`: how the guide and the checks write a field's name. */
  function displayName(key) {
    return key.charAt(0).toUpperCase() + key.slice(1);
  }

  function create(options) {
    const opts = options || {};
    const lists = new Set(opts.lists || DEFAULT_LISTS);
    // Fields written as TODO while empty (a draft's `Reviewed`, as `make new` writes it).
    const placeholders = new Set(opts.placeholders || []);

    function valueOf(key, lines) {
      const joined = lines.filter((line) => line !== "").join("\n");
      if (lists.has(key)) return splitList(lines.join(","));
      if (placeholders.has(key) && joined === PLACEHOLDER) return "";
      return joined;
    }

    function fromFile(text) {
      // Pelican drops a byte order mark before Markdown sees the text; keep it for writing.
      const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
      const lines = splitLines(text.slice(bom.length));
      const layout = { bom, begin: "", end: null, newline: "\n", fields: [] };
      const found = lines.find((line) => line.end !== "");
      if (found) layout.newline = found.end;
      const data = {};
      let index = 0;
      if (lines.length && BEGIN_RE.test(normalized(lines[0].text))) {
        layout.begin = lines[0].text + lines[0].end;
        index = 1;
      }
      let current = null;
      const finish = () => {
        if (!current) return;
        const value = valueOf(current.key, current.lines);
        current.value = value;
        if (!(current.key in data)) data[current.key] = value;
        else current.duplicate = true; // the checks report it; kept as it was
        layout.fields.push({
          key: current.key,
          raw: current.raw,
          value: current.value,
          duplicate: Boolean(current.duplicate),
        });
        current = null;
      };
      for (; index < lines.length; index += 1) {
        const line = lines[index];
        const seen = normalized(line.text);
        if (strip(seen) === "" || END_RE.test(seen)) {
          layout.end = line.text + line.end;
          index += 1;
          break;
        }
        const meta = META_RE.exec(seen);
        if (meta) {
          finish();
          current = {
            key: meta[1].toLowerCase(),
            name: meta[1],
            lines: [strip(meta[2])],
            raw: line.text + line.end,
          };
          continue;
        }
        const more = META_MORE_RE.exec(seen);
        if (more && current) {
          current.lines.push(strip(more[1]));
          current.raw += line.text + line.end;
          continue;
        }
        break; // not front matter: the body starts here
      }
      finish();
      data.body = lines
        .slice(index)
        .map((line) => line.text + line.end)
        .join("");
      if (layout.end === null) layout.end = "";
      layout.body = data.body;
      data[LAYOUT_KEY] = layout;
      return data;
    }

    function same(a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    }

    function formatValue(key, value) {
      if (value === undefined || value === null) return "";
      if (Array.isArray(value)) return value.map((v) => strip(String(v))).filter(Boolean).join(", ");
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      return strip(String(value));
    }

    function fieldLines(key, value, newline) {
      let text = formatValue(key, value);
      if (text === "" && placeholders.has(key)) text = PLACEHOLDER;
      if (text === "") return "";
      // A blank line would end the front matter: continuation lines are indented.
      const parts = text
        .split(/\r\n|\r|\n/)
        .map(strip)
        .filter((part) => part !== "");
      const name = displayName(key);
      return [`${name}: ${parts[0]}`, ...parts.slice(1).map((p) => `    ${p}`)]
        .map((line) => line + newline)
        .join("");
    }

    function toFile(data, sortedKeys) {
      const layout = data[LAYOUT_KEY] || { begin: "", end: null, newline: "\n", fields: [] };
      const newline = layout.newline || "\n";
      const written = new Set(["body", LAYOUT_KEY]);
      const header = [];
      for (const field of layout.fields) {
        if (field.duplicate) {
          header.push(field.raw);
          continue;
        }
        if (written.has(field.key)) continue;
        written.add(field.key);
        if (!(field.key in data)) continue; // removed in the editor
        const value = data[field.key];
        header.push(same(value, field.value) ? field.raw : fieldLines(field.key, value, newline));
      }
      for (const key of [...(sortedKeys || []), ...Object.keys(data)]) {
        if (written.has(key) || !KEY_RE.test(key)) continue;
        if (!(key in data) && !placeholders.has(key)) continue;
        written.add(key);
        header.push(fieldLines(key.toLowerCase(), data[key], newline));
      }
      let body = typeof data.body === "string" ? data.body : "";
      // A text the editor wrote ends with a line break, as text files do; one it
      // did not touch keeps its last byte.
      if (body !== layout.body && body !== "" && !/(\r\n|\r|\n)$/.test(body)) body += newline;
      let end = layout.end === null ? newline : layout.end;
      // Without a blank line, a body whose first line looks like a field (or, after a
      // field, like its continuation) would be read as front matter.
      const first = splitLines(body)[0];
      const seen = first ? normalized(first.text) : "";
      const fields = header.some(Boolean);
      if (end === "" && first && (META_RE.test(seen) || (fields && META_MORE_RE.test(seen)))) {
        end = newline;
      }
      let text = "";
      for (const part of header.filter(Boolean)) {
        if (text && !/(\r\n|\r|\n)$/.test(text)) text += newline;
        text += part;
      }
      if ((end || body) && text && !/(\r\n|\r|\n)$/.test(text)) text += newline;
      const tail = body || layout.end !== null ? end : "";
      return (layout.bom || "") + layout.begin + text + tail + body;
    }

    return { fromFile, toFile };
  }

  return { create, LAYOUT_KEY, splitList, displayName };
});
