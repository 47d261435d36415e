/* Material for MkDocs' search box, answered from Pagefind's index (macros/building/search.py).
 *
 * Material's search box (its look, its keys: / or s to open, arrows through results, Enter for the best, Esc)
 * talks to a web worker it names in its configuration (docs/overrides/main.html names this one): it sends SETUP,
 * waits for READY, sends each QUERY and renders each RESULT, a list of pages each with its sections. This worker
 * answers it from Pagefind, which fetches only the index chunks of the query's words and the fragments of the
 * results shown, not the whole index.
 *
 * Chinese: the index holds each Chinese character as a word, so a Chinese term is looked up as the exact phrase of
 * its characters (住房公积金 as "住 房 公 积 金"): no word segmenter on either side to disagree. Terms apart
 * (spaces) must all be on the page. Pagefind's code and its index's entry are loaded with the page (as Material's
 * index was, and cached by the browser across pages), so the first query fetches only its words' chunks and the
 * pages it shows.
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
// Pages shown for a query (each a fragment fetched); more are found by refining the query.
const SHOWN = 20;
// Sections shown under a page before "more" (Material folds those of a lower score).
const SECTIONS_SHOWN = 3;
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const HAS_HAN = new RegExp(`[${HAN}]`, "u");
const HAN_BOUNDARY = new RegExp(`(?<=[${HAN}])|(?=[${HAN}])`, "gu");
const WORD_BREAK = /\u200b/g;
// The English index parts Chinese characters with a space (macros/building/search.py): joined again to be shown.
const PARTED_HAN = new RegExp(`(?<=[${HAN}](?:</mark>)?) (?=(?:<mark>)?[${HAN}])`, "gu");

let pagefind = null;
let latest = 0;

function loadPagefind() {
  if (pagefind === null) {
    const address = new URL("../pagefind/pagefind.js", self.location.href).href;
    pagefind = import(address)
      .then(async (module) => {
        await module.options({ excerptLength: 24 });
        await module.init();
        return module;
      })
      .catch((error) => {
        pagefind = null; // the next query tries again
        throw error;
      });
  }
  return pagefind;
}

/* The one way text reaches Material's result list (which sets it as HTML). */
function escapeHtml(text) {
  return text
    .replace(WORD_BREAK, "")
    .replace(PARTED_HAN, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/* Pagefind's excerpt is the page's text with < and > escaped and the query's words in <mark>: its text is
 * unescaped and escaped again whole, the marks kept. */
function excerptHtml(excerpt) {
  return excerpt
    .replace(PARTED_HAN, "")
    .split(/(<mark>|<\/mark>)/)
    .map((part, index) =>
      index % 2 ? part : escapeHtml(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")),
    )
    .join("");
}

/* The searches a query needs: each term with Chinese in it as the exact phrase of its characters, the other
 * terms together (Pagefind requires all of them). */
function searches(query) {
  const terms = query.trim().split(/\s+/).filter(Boolean);
  const phrases = terms
    .filter((term) => HAS_HAN.test(term))
    .map((term) => `"${term.split(HAN_BOUNDARY).filter(Boolean).join(" ")}"`);
  const words = terms.filter((term) => !HAS_HAN.test(term)).join(" ");
  return words ? [...phrases, words] : phrases;
}

/* Pages every search found, best first: the first search's result (its excerpt) with the scores summed. */
function together(answers) {
  const [first, ...others] = answers.map((answer) => answer.results);
  const scores = others.map((results) => new Map(results.map((result) => [result.id, result.score])));
  return first
    .filter((result) => scores.every((score) => score.has(result.id)))
    .map((result) => ({
      result,
      score: scores.reduce((sum, score) => sum + score.get(result.id), result.score),
    }))
    .sort((a, b) => b.score - a.score);
}

function item(location, title, text, score) {
  return { location, title: escapeHtml(title), text, score, terms: {} };
}

/* One page as Material lists it: the page, then its sections (those with an anchor). */
function pageItems(fragment, score) {
  const title = fragment.meta?.title || fragment.url;
  const sections = (fragment.sub_results || []).filter((section) => section.url.includes("#"));
  return [
    item(fragment.url, title, excerptHtml(fragment.excerpt), score),
    ...sections.map((section, index) =>
      item(
        section.url,
        section.title,
        excerptHtml(section.excerpt),
        index < SECTIONS_SHOWN ? score : score / 2,
      ),
    ),
  ];
}

async function answer(query) {
  const module = await loadPagefind();
  const wanted = searches(query);
  if (!wanted.length) return { items: [] };
  const answers = await Promise.all(wanted.map((search) => module.search(search)));
  const found = together(answers).slice(0, SHOWN);
  const fragments = await Promise.all(found.map(({ result }) => result.data()));
  return { items: fragments.map((fragment, index) => pageItems(fragment, found[index].score)) };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    loadPagefind().catch(() => {}); // a failure is reported at the query, which tries again
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const number = ++latest;
    let data = { items: [] };
    try {
      data = await answer(message.data);
    } catch (error) {
      console.error("search: Pagefind's index could not be read", error); // Material then says: no results
    }
    if (number === latest) self.postMessage({ type: RESULT, data });
  }
});
