// Read BibTeX with citation-js and format it with its bundled APA style.
//
// Reads BibTeX text on stdin; writes {"items": [CSL-JSON citation-js makes of it],
// "text": [one formatted entry per item]} to stdout.
"use strict";

const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-csl");

function main() {
  const cite = new Cite(fs.readFileSync(0, "utf8"), { forceType: "@biblatex/text" });
  const items = cite.data;
  const text = items.map((item) =>
    new Cite(item).format("bibliography", { format: "text", template: "apa", lang: "en-US" }).trim(),
  );
  process.stdout.write(JSON.stringify({ items, text }));
}

main();
