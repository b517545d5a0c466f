// citeproc-js side of scripts/make_citation_goldens.py and benchmarks/citer.py: citation clusters.
//
// Reads one JSON request on stdin:
//   {"jobs": [{"name": ..., "style": "<xml>", "lang": "en-US" | null, "items": [CSL-JSON],
//              "clusters": [{"cites": [{"id", "locator", "label", "prefix", "suffix",
//                                       "suppress-author", "author-only"}], "note": N | null}],
//              "formats": ["text", "html"], "runs": 0}],
//    "locales": "<directory holding locales-xx-XX.xml>"}
// and writes {"<name>": {"<format>": {"citations": [...], "bibliography": [...] | null,
// "ms": [...]}}} to stdout. Each cluster is added in order with processCitationCluster
// (every earlier cluster as citationsPre), exactly as a word processor plug-in adds
// footnotes one after another; "citations" is each cluster's text after the last call
// (a later cluster can change an earlier one). Note styles get note numbers 1, 2, ...
// (or the cluster's "note"); in-text styles note number 0. With "runs" > 0 the whole
// sequence is also timed that many times on fresh engines (after one untimed warm-up).
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require(path.join(__dirname, "..", "tools", "citeproc-js", "node_modules", "citeproc"));

function citationOf(cluster, index, isNote) {
  const citationItems = cluster.cites.map((cite) => {
    const made = { id: String(cite.id) };
    for (const key of ["locator", "label", "prefix", "suffix"]) {
      if (cite[key] !== undefined && cite[key] !== null) made[key] = cite[key];
    }
    if (cite["suppress-author"]) made["suppress-author"] = true;
    if (cite["author-only"]) made["author-only"] = true;
    return made;
  });
  const note = isNote ? (cluster.note == null ? index + 1 : cluster.note) : 0;
  return { citationID: `c${index}`, citationItems, properties: { noteIndex: note } };
}

function run(job, sys, format) {
  const engine = new CSL.Engine(sys, job.style, job.lang || undefined, job.lang ? true : undefined);
  engine.setOutputFormat(format);
  const isNote = engine.opt.xclass === "note";
  const texts = [];
  const pre = [];
  job.clusters.forEach((cluster, index) => {
    const citation = citationOf(cluster, index, isNote);
    const [, updates] = engine.processCitationCluster(citation, pre.slice(), []);
    for (const [at, text] of updates) texts[at] = text;
    pre.push([citation.citationID, citation.properties.noteIndex]);
  });
  return { engine, texts };
}

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
      const { engine, texts } = run(job, sys, format);
      const bibliography = job.bibliography === false ? null : engine.makeBibliography();
      const ms = [];
      if (job.runs) {
        run(job, sys, format);
        for (let i = 0; i < job.runs; i += 1) {
          const start = process.hrtime.bigint();
          run(job, sys, format);
          ms.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
      }
      out[format] = { citations: texts, bibliography: bibliography ? bibliography[1] : null, ms };
    }
    results[job.name] = out;
  }
  process.stdout.write(JSON.stringify(results));
}

main();
