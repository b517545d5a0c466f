// citeproc-js peer for benchmarks/citations.py: a warm engine renders the whole bibliography.
//
// Reads one JSON request on stdin:
//   {"style": "<xml>", "lang": "en-US" | null, "items": [CSL-JSON], "format": "text" | "html",
//    "locales": "<directory holding locales-xx-XX.xml>", "runs": N, "warmup": M,
//    "entries": true | false}
// and writes {"ms": [N timings], "entries": [...] | null} to stdout.
//
// runs = 0 is a one-shot run (case 2): build the engine, render once, print, exit; the
// caller times the whole process. Otherwise the engine is warmed with an untimed render of
// the first M items (all by default), and each timed run registers every item (updateItems,
// in the given order) and makes the bibliography (makeBibliography) on a fresh engine: what
// a long-running citeproc-js does per request, with its code already compiled by the JIT.
// Item registration order and the CSL-JSON are exactly what scripts/make_goldens.py uses.
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require(path.join(__dirname, "..", "tools", "citeproc-js", "node_modules", "citeproc"));

function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const byId = new Map(request.items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale(lang) {
      const file = path.join(request.locales, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem(id) {
      return byId.get(String(id));
    },
  };
  const ids = request.items.map((item) => String(item.id));
  const lang = request.lang || undefined;
  const engine = () => {
    const made = new CSL.Engine(sys, request.style, lang, request.lang ? true : undefined);
    made.setOutputFormat(request.format || "text");
    return made;
  };
  const render = (made, which) => {
    made.updateItems(which);
    const bibliography = made.makeBibliography();
    return bibliography ? bibliography[1] : null;
  };
  const runs = request.runs === undefined ? 1 : request.runs;
  let entries = null;
  const ms = [];
  if (runs === 0) {
    entries = render(engine(), ids);
  } else {
    const warmup = request.warmup === undefined ? ids.length : request.warmup;
    render(engine(), ids.slice(0, warmup));
    for (let i = 0; i < runs; i += 1) {
      const made = engine(); // parsing the style is not timed: a server keeps it
      const start = process.hrtime.bigint();
      entries = render(made, ids);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  process.stdout.write(JSON.stringify({ ms, entries: request.entries ? entries : null }));
}

main();
