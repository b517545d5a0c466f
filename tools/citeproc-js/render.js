// Render bibliographies with citeproc-js, the reference CSL processor.
//
// Reads one JSON request on stdin:
//   {"jobs": [{"name": ..., "style": "<xml>", "lang": "en-US" | null,
//              "items": [CSL-JSON], "formats": ["text", "html"]}],
//    "locales": "<directory holding locales-xx-XX.xml>"}
// and writes {"<name>": {"text": [entries], "html": [entries]}} to stdout.
// Every item is registered in the given order with updateItems().
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = {};
  for (const job of request.jobs) {
    const byId = new Map(job.items.map((item) => [String(item.id), item]));
    const sys = {
      retrieveLocale(lang) {
        const file = path.join(request.locales, `locales-${lang}.xml`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
      },
      retrieveItem(id) {
        return byId.get(String(id));
      },
    };
    const out = {};
    for (const format of job.formats) {
      const engine = new CSL.Engine(sys, job.style, job.lang || undefined, job.lang ? true : undefined);
      engine.setOutputFormat(format);
      engine.updateItems(job.items.map((item) => String(item.id)));
      const bibliography = engine.makeBibliography();
      out[format] = bibliography ? bibliography[1] : null;
    }
    results[job.name] = out;
  }
  process.stdout.write(JSON.stringify(results));
}

main();
