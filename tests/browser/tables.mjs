// Table layout in headless Chromium: at 1280 px every table fits the text column without
// scrolling; at 390 px the text column never overflows (a wide table scrolls in its own box),
// the widest table's box does scroll, and scrolled to its end its row labels stay in view,
// painted over the cells scrolled under them.
//
// usage: node tables.mjs <page.html>
import { launchChromium } from "./launch.mjs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const page_file = resolve(process.argv[2]);
const browser = await launchChromium();
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(page_file).href, { waitUntil: "load" });
  const where = `${width}px`;
  const measured = await page.evaluate(() => {
    const column = document.querySelector("article.brief");
    const tables = [...document.querySelectorAll("figure.data-table .table-scroll")].map((box) => ({
      id: box.closest("figure").id,
      columns: box.querySelector("tbody tr").children.length,
      scrollWidth: box.scrollWidth,
      clientWidth: box.clientWidth,
    }));
    const page = { scrollWidth: document.documentElement.scrollWidth, clientWidth: window.innerWidth };
    return { page, column: { scrollWidth: column.scrollWidth, clientWidth: column.clientWidth }, tables };
  });
  console.log(where, JSON.stringify(measured));
  if (measured.column.scrollWidth > measured.column.clientWidth) {
    fail(where, `the text column overflows: ${measured.column.scrollWidth} > ${measured.column.clientWidth}`);
  }
  if (measured.page.scrollWidth > measured.page.clientWidth) {
    fail(where, `the page overflows: ${measured.page.scrollWidth} > ${measured.page.clientWidth}`);
  }
  if (measured.tables.length === 0) fail(where, "no tables on the page");
  if (width === 1280) {
    for (const t of measured.tables) {
      if (t.scrollWidth > t.clientWidth) fail(where, `table ${t.id} (${t.columns} columns) scrolls: ${t.scrollWidth} > ${t.clientWidth}`);
    }
  } else {
    const widest = measured.tables.reduce((a, b) => (b.columns > a.columns ? b : a));
    if (widest.scrollWidth <= widest.clientWidth) fail(where, `table ${widest.id} does not scroll on a phone: the test shows nothing`);
    const seen = await page.evaluate((id) => {
      const box = document.querySelector(`#${id} .table-scroll`);
      box.scrollLeft = box.scrollWidth;
      const rows = [...box.querySelectorAll("tbody tr, tfoot tr")];
      return rows.map((tr) => {
        // elementFromPoint sees only what is in the viewport (and the page scrolls smoothly).
        tr.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
        box.scrollLeft = box.scrollWidth;
        const frame = box.getBoundingClientRect();
        const label = tr.firstElementChild.getBoundingClientRect();
        const last = tr.lastElementChild.getBoundingClientRect();
        const hit = document.elementFromPoint(label.left + label.width / 2, label.top + label.height / 2);
        return {
          label: tr.firstElementChild.textContent.trim(),
          scrolled: box.scrollLeft,
          labelInView: label.left >= frame.left - 0.5 && label.right <= frame.right + 0.5,
          lastInView: last.right <= frame.right + 0.5 && last.left >= frame.left - 0.5,
          onTop: hit !== null && tr.firstElementChild.contains(hit),
        };
      });
    }, widest.id);
    for (const row of seen) {
      if (row.scrolled <= 0) fail(where, `${widest.id} did not scroll`);
      if (!row.labelInView) fail(where, `${widest.id}: the row label "${row.label}" left the view when scrolled`);
      if (!row.lastInView) fail(where, `${widest.id}: the last column of "${row.label}" is not reachable`);
      if (!row.onTop) fail(where, `${widest.id}: the row label "${row.label}" is covered by scrolled cells`);
    }
  }
  await context.close();
}
await browser.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("table layout checks passed at 390 and 1280 px");
