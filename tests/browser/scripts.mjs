// Scripts in headless Chromium at 1280 px. Each Devanagari page (the site's, the single-file
// copy opened offline) loads the theme's Noto Sans Devanagari faces and draws its Devanagari
// text with them; a right-to-left page is mirrored: `dir="rtl"`, the contents column on the right of the text, the text
// aligned right, a table's sticky first column at the right edge of its box, the first cell of
// a row to the right of the others, while the charts stay left to right.
//
// usage: node scripts.mjs <rtl page.html> <devanagari page.html>...
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./launch.mjs";

const [rtl, ...devanagari] = process.argv.slice(2).map((f) => pathToFileURL(resolve(f)).href);
const browser = await launchChromium();
const failures = [];
const fail = (what) => failures.push(what);
// Offline: the single-file copy must carry its fonts.
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true })).newPage();

if (devanagari.length === 0) fail("no Devanagari page given");
for (const url of devanagari) {
  await page.goto(url, { waitUntil: "load" });
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Noto Sans Devanagari");
    // A face with a unicode-range loads only when the page has text in the range: loaded, it is
    // what draws the Devanagari text (body text in regular, headings in bold).
    return { faces: faces.map((f) => `${f.weight} ${f.status}`) };
  });
  console.log(url, JSON.stringify(fonts));
  if (!fonts.faces.includes("400 loaded")) fail(`${url}: the regular Devanagari face is not loaded: ${fonts.faces}`);
  if (!fonts.faces.includes("700 loaded")) fail(`${url}: the bold Devanagari face (headings) is not loaded: ${fonts.faces}`);
}

await page.goto(rtl, { waitUntil: "load" });
const m = await page.evaluate(() => {
  const box = (el) => el.getBoundingClientRect();
  const article = document.querySelector("article.brief");
  const toc = document.querySelector("nav.toc");
  const para = document.querySelector("article.brief section p");
  // The first line of a paragraph: where its text starts.
  const range = document.createRange();
  range.selectNodeContents(para);
  const first = range.getClientRects()[0];
  const scroll = document.querySelector("figure.data-table .table-scroll");
  const row = scroll.querySelector("tbody tr");
  const svg = document.querySelector("svg.chart-svg");
  return {
    dir: document.documentElement.dir,
    article: box(article).toJSON(),
    toc: box(toc).toJSON(),
    paraBox: box(para).toJSON(),
    firstLine: first.toJSON(),
    tocLink: box(toc.querySelector(".toc-list a .toc-title") || toc.querySelector(".toc-list a")).toJSON(),
    scroll: box(scroll).toJSON(),
    firstCell: box(row.firstElementChild).toJSON(),
    lastCell: box(row.lastElementChild).toJSON(),
    sticky: getComputedStyle(row.firstElementChild).position,
    chartDirection: getComputedStyle(svg).direction,
  };
});
console.log("rtl", JSON.stringify(m));
const near = (a, b) => Math.abs(a - b) <= 1;
if (m.dir !== "rtl") fail(`<html dir> is "${m.dir}"`);
if (!(m.toc.left >= m.article.right)) fail(`the contents column is not right of the text: ${m.toc.left} < ${m.article.right}`);
if (!near(m.firstLine.right, m.paraBox.right)) fail(`the text does not start at the right edge: ${m.firstLine.right} vs ${m.paraBox.right}`);
if (!(m.tocLink.right > m.toc.left + m.toc.width / 2)) fail("a contents entry is not aligned right");
if (m.sticky !== "sticky") fail(`the first table column is ${m.sticky}, not sticky`);
if (!near(m.firstCell.right, m.scroll.right)) fail(`the sticky column is not at the right edge: ${m.firstCell.right} vs ${m.scroll.right}`);
if (!(m.firstCell.left >= m.lastCell.right)) fail("a row does not run right to left");
if (m.chartDirection !== "ltr") fail(`the chart is drawn ${m.chartDirection}`);

await browser.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("script checks passed: Devanagari face loaded, right-to-left page mirrored at 1280 px");
