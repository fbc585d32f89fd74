// Runs editor/admin/pelican-format.js for tests/editor/test_format.py: reads
// {"options": ..., "cases": [...]} as JSON on stdin, writes the results as JSON.
"use strict";
const path = require("path");
const { create, LAYOUT_KEY } = require(path.join(__dirname, "../../editor/admin/pelican-format.js"));

let input = "";
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const { options, cases } = JSON.parse(input);
  const format = create(options);
  const results = cases.map((item) => {
    if (item.op === "roundtrip") {
      // Through JSON, as Decap keeps entry data (an Immutable map, then toJS()).
      const data = JSON.parse(JSON.stringify(format.fromFile(item.text)));
      return format.toFile(data, item.keys || []);
    }
    if (item.op === "parse") {
      const data = format.fromFile(item.text);
      const fields = {};
      const duplicates = [];
      for (const field of data[LAYOUT_KEY].fields) {
        if (field.duplicate) duplicates.push(field.key);
        else fields[field.key] = field.value;
      }
      return { fields, duplicates, body: data.body };
    }
    if (item.op === "edit") {
      const data = item.text === null ? {} : format.fromFile(item.text);
      Object.assign(data, item.changes);
      for (const key of item.remove || []) delete data[key];
      return format.toFile(JSON.parse(JSON.stringify(data)), item.keys || []);
    }
    throw new Error(`unknown op ${item.op}`);
  });
  process.stdout.write(JSON.stringify(results));
});
