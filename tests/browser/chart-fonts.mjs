// The chart font as Chromium draws it (playwright-core): on a built site's pages (by default
// index.html; the standalone file too, when named) at 390 and 1280 px, and in each of its chart
// files (charts/*.svg) opened on their own, copied away from the site (as a file downloaded or
// sent by e-mail: it must carry its font), it checks that
// the theme's chart font ("Brief Chart Sans", both weights) loaded, and prints, as one JSON
// document on stdout, every chart <text> shown: its text, font size, whether it is drawn bold,
// and its advance as Chromium measures it (getComputedTextLength). It also reports every text
// whose box leaves its <svg>'s box (the viewBox: the SVG scales to its width). The Rust test
// (tests/testsuite/browser.rs) compares each width with brief's own measurement.
//
// usage: node chart-fonts.mjs <site-dir> [page ...]
import { chromium } from "playwright-core";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const site = resolve(process.argv[2] ?? "public");
const pages = process.argv.length > 3 ? process.argv.slice(3) : ["index.html"];

const chrome = [process.env.BRIEF_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  .find((c) => c && existsSync(c));
if (!chrome) {
  console.error("No Chromium found: install it (Debian: apt-get install chromium) or set BRIEF_CHROME.");
  process.exit(2);
}

// Runs in the page: the font check and every shown chart text.
function measure(where) {
  // check() is true too when no face of that family exists at all: `loaded` counts the faces
  // really loaded.
  const fonts = {
    regular: document.fonts.check('13px "Brief Chart Sans"'),
    bold: document.fonts.check('bold 13px "Brief Chart Sans"'),
    loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Brief Chart Sans" && f.status === "loaded").length,
  };
  const texts = [];
  const outside = [];
  const svgs = document.documentElement.tagName === "svg" ? [document.documentElement] : document.querySelectorAll("svg.chart-svg");
  for (const svg of svgs) {
    const frame = svg.getBoundingClientRect();
    if (frame.width === 0) continue; // the drawing not shown at this width
    const scale = frame.width / svg.viewBox.baseVal.width;
    const chart = svg.closest("figure")?.id ?? where;
    for (const text of svg.querySelectorAll("text")) {
      // The text drawn: its own text and its links', not a <title> (the full text of a
      // shortened label), with white space collapsed as SVG does.
      const shown = [...text.childNodes]
        .map((n) => (n.nodeType === Node.TEXT_NODE ? n.data : n.nodeName === "a" ? n.textContent : ""))
        .join("")
        .replace(/\s+/g, " ")
        .trim();
      if (!shown) continue;
      const style = getComputedStyle(text);
      texts.push({
        chart,
        text: shown,
        size: parseFloat(text.getAttribute("font-size") ?? style.fontSize),
        bold: parseInt(style.fontWeight, 10) >= 600,
        length: text.getComputedTextLength(),
      });
      // Across, the text's advance box; up and down its em box (0.8 em above the baseline, 0.2
      // below), not the font's taller line box: Noto Sans reserves 1.07 em above the baseline
      // for accents over capitals, which a label at the top of a chart may leave out of view.
      const rect = text.getBoundingClientRect();
      const em = parseFloat(style.fontSize) * scale;
      const box = { left: rect.left, right: rect.right, top: rect.top + 0.269 * em, bottom: rect.bottom - 0.093 * em };
      const slack = 0.5;
      if (rect.width > 0 && (box.left < frame.left - slack || box.right > frame.right + slack || box.top < frame.top - slack || box.bottom > frame.bottom + slack)) {
        outside.push({
          chart,
          text: shown,
          box: [box.left - frame.left, box.top - frame.top, box.right - frame.left, box.bottom - frame.top].map((v) => +(v / scale).toFixed(1)),
          view: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
        });
      }
    }
  }
  return { fonts, texts, outside };
}

const browser = await chromium.launch({ executablePath: chrome, args: ["--no-sandbox", "--disable-gpu"] });
const away = mkdtempSync(join(tmpdir(), "brief-chart-files-"));
const views = [];
try {
  const targets = [
    ...pages.flatMap((path) => [390, 1280].map((width) => ({ name: `${path} at ${width} px`, width, file: join(site, path) }))),
    ...readdirSync(join(site, "charts"))
      .filter((f) => f.endsWith(".svg"))
      .sort()
      .map((f) => {
        copyFileSync(join(site, "charts", f), join(away, f));
        return { name: `charts/${f}`, width: 1280, file: join(away, f) };
      }),
  ];
  for (const target of targets) {
    const page = await browser.newPage({ viewport: { width: target.width, height: 900 } });
    await page.goto(pathToFileURL(target.file).href);
    await page.evaluate(() => document.fonts.ready);
    const result = await page.evaluate(measure, target.name);
    await page.close();
    views.push({ view: target.name, ...result });
  }
} finally {
  await browser.close();
  rmSync(away, { recursive: true, force: true });
}
console.log(JSON.stringify(views));
