// Read RIS with citation-js, a second RIS reader the tests compare ours with.
//
// Reads RIS text on stdin and writes the CSL-JSON items citation-js makes of it
// (its @ris/file parser, then its record mapping) to stdout.
"use strict";

const fs = require("fs");
const { plugins } = require("@citation-js/core");
require("@citation-js/plugin-ris");

function main() {
  const text = fs.readFileSync(0, "utf8");
  const items = plugins.input.chain(text, { forceType: "@ris/file", generateGraph: false });
  process.stdout.write(JSON.stringify(items));
}

main();
