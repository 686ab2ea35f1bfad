// The view of reports/conformance.html (inlined by html.ts, allowed by its hash): filters the cases
// and renders the matching ones, a page of rows at a time. Text goes in through textContent only;
// a link is made only of an https address the writer built. The filters live in the address's hash,
// so a filtered view can be passed on.
"use strict";
(() => {
  const PAGE_SIZE = 200;
  const FIELDS = ["suite", "verdict", "page", "operation", "text"];
  // Positions in an encoded case (html.ts).
  const [SUITE, STATUS, OK, ID, NAME, PAGE, OPS, EVIDENCE, CONSEQUENCE, EXPECTED, LINKS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const strings = data.strings;
  const form = document.getElementById("filters");
  const list = document.getElementById("cases");
  const shown = document.getElementById("shown");
  const more = document.getElementById("more");
  const lower = [];
  // What needs a reader first: unexpected results, then contradictions, then what could not be judged.
  const RANK = { contradicted: 1, failed: 1, unverifiable: 2, holds: 3, passed: 3 };
  const rank = (c) => (c[OK] === 0 ? 0 : RANK[data.statuses[c[STATUS]]]);
  const cases = data.cases.map((c, order) => [rank(c), order, c]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
  let matching = [];
  let rendered = 0;

  const value = (field) => form.elements[field].value;
  const textOf = (i) => (lower[i] ??= strings[i].toLowerCase());

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const field of FIELDS) form.elements[field].value = params.get(field) ?? "";
  }

  function writeHash() {
    const params = new URLSearchParams();
    for (const field of FIELDS) if (value(field)) params.set(field, value(field));
    try {
      history.replaceState(null, "", `#${params}`);
    } catch {
      // A page opened from disk in a browser that refuses this keeps working without it.
    }
  }

  function filter() {
    const suite = value("suite") ? data.suites.indexOf(value("suite")) : -1;
    const verdict = value("verdict");
    const status = verdict && verdict !== "unexpected" ? data.statuses.indexOf(verdict) : -1;
    const page = value("page") ? strings.indexOf(value("page")) : -1;
    const operation = value("operation") ? strings.indexOf(value("operation")) : -1;
    const text = value("text").trim().toLowerCase();
    const hasText = (c) =>
      [c[ID], c[NAME], ...c[EVIDENCE], c[CONSEQUENCE]].some((i) => i >= 0 && textOf(i).includes(text));
    return cases.filter(
      (c) =>
        (!value("suite") || c[SUITE] === suite) &&
        (!verdict || (verdict === "unexpected" ? c[OK] === 0 : c[STATUS] === status)) &&
        (!value("page") || c[PAGE] === page) &&
        (!value("operation") || c[OPS].includes(operation)) &&
        (!text || hasText(c)),
    );
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fillBody(body, c) {
    const where = [];
    if (c[PAGE] >= 0) where.push(`page: ${strings[c[PAGE]]}`);
    if (c[OPS].length) where.push(`operation: ${c[OPS].map((i) => strings[i]).join(", ")}`);
    if (where.length) body.append(element("p", "meta", where.join(" · ")));
    if (c[CONSEQUENCE] >= 0) body.append(element("p", "consequence", `Consequence: ${strings[c[CONSEQUENCE]]}`));
    const evidence = element("ul", "evidence");
    for (const i of c[EVIDENCE]) evidence.append(element("li", "", strings[i]));
    body.append(element("p", "meta", "Evidence"), evidence);
    const https = c[LINKS].filter(([, href]) => strings[href].startsWith("https://"));
    if (https.length) {
      const links = element("ul", "links");
      for (const [text, href] of https) {
        const a = element("a", "", strings[text]);
        a.href = strings[href];
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        const item = element("li");
        item.append(a);
        links.append(item);
      }
      body.append(element("p", "meta", "Where to look"), links);
    }
  }

  function row(c) {
    const status = data.statuses[c[STATUS]];
    const item = element("li");
    item.dataset.id = strings[c[ID]];
    item.dataset.status = status;
    const details = element("details");
    const summary = element("summary");
    summary.append(element("span", `badge s-${status}`, status));
    if (c[OK] === 0) {
      const expected = c[EXPECTED] >= 0 ? `expected ${strings[c[EXPECTED]]}` : "unexpected";
      summary.append(element("span", "unexpected", expected));
    }
    summary.append(element("span", "meta", data.suites[c[SUITE]]), element("span", "id", strings[c[ID]]));
    summary.append(element("span", "name", strings[c[NAME]]));
    const body = element("div", "body");
    details.append(summary, body);
    // Contradictions and surprises open with their evidence; the rest is built when opened.
    if (c[OK] === 0 || status === "contradicted" || status === "failed") {
      fillBody(body, c);
      details.open = true;
    } else details.addEventListener("toggle", () => body.childElementCount || fillBody(body, c), { once: true });
    item.append(details);
    return item;
  }

  function renderMore() {
    const next = matching.slice(rendered, rendered + PAGE_SIZE);
    const fragment = document.createDocumentFragment();
    for (const c of next) fragment.append(row(c));
    list.append(fragment);
    rendered += next.length;
    const rest = matching.length - rendered;
    more.hidden = rest === 0;
    more.textContent = `show ${Math.min(rest, PAGE_SIZE)} more (${rest} not shown)`;
    shown.textContent = `${matching.length} of ${cases.length} cases match${rest ? `; the first ${rendered} are shown` : ""}`;
    shown.dataset.matching = String(matching.length);
  }

  function render() {
    matching = filter();
    rendered = 0;
    list.replaceChildren();
    renderMore();
  }

  form.addEventListener("input", () => {
    writeHash();
    render();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  more.addEventListener("click", renderMore);
  window.addEventListener("hashchange", () => {
    readHash();
    render();
  });
  readHash();
  render();
  performance.mark("report-rendered");
  document.body.dataset.ready = "true";
})();
