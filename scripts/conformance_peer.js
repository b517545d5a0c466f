// citeproc-js for scripts/conformance.py --all-styles: many styles in one process.
//
// Reads one JSON request on stdin:
//   {"jobs": [{"name": ..., "path": "<.csl file>", "lang": "en-US" | null, "volume": ...}],
//    "volumes": {"<volume>": [CSL-JSON items]}, "formats": ["text", "html"],
//    "locales": "<directory holding locales-xx-XX.xml>"}
// and writes one JSON line per job and format to stdout, as it goes:
//   {"name": ..., "volume": ..., "format": ..., "entries": [...] | null, "error": null | "..."}
// Every item is registered in the given order with updateItems(), as
// tools/citeproc-js/render.js does. A style citeproc-js fails on is reported with
// its error and the run goes on; citeproc-js's own console output goes to stderr.
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require(path.join(__dirname, "..", "tools", "citeproc-js", "node_modules", "citeproc"));

// citeproc-js logs warnings with console.log: keep stdout for the results.
console.log = (...args) => console.error(...args);

function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const locales = new Map();
  const retrieveLocale = (lang) => {
    if (!locales.has(lang)) {
      const file = path.join(request.locales, `locales-${lang}.xml`);
      locales.set(lang, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false);
    }
    return locales.get(lang);
  };
  const byVolume = new Map(
    Object.entries(request.volumes).map(([name, items]) => [
      name,
      { ids: items.map((item) => String(item.id)), byId: new Map(items.map((i) => [String(i.id), i])) },
    ]),
  );
  for (const job of request.jobs) {
    const volume = byVolume.get(job.volume);
    const sys = { retrieveLocale, retrieveItem: (id) => volume.byId.get(String(id)) };
    const style = fs.readFileSync(job.path, "utf8");
    // One engine per style and volume (building it costs more than a bibliography): the
    // items are registered once, and each format's bibliography is made from them.
    let engine = null;
    let failed = null;
    try {
      engine = new CSL.Engine(sys, style, job.lang || undefined, job.lang ? true : undefined);
      engine.setOutputFormat(request.formats[0]);
      engine.updateItems(volume.ids);
    } catch (exc) {
      failed = String(exc && exc.message ? exc.message : exc).slice(0, 300);
    }
    for (const format of request.formats) {
      let entries = null;
      let error = failed;
      if (!failed) {
        try {
          engine.setOutputFormat(format);
          const bibliography = engine.makeBibliography();
          entries = bibliography ? bibliography[1] : null;
        } catch (exc) {
          error = String(exc && exc.message ? exc.message : exc).slice(0, 300);
        }
      }
      const line = { name: job.name, volume: job.volume, format, entries, error };
      process.stdout.write(JSON.stringify(line) + "\n");
    }
  }
}

main();
