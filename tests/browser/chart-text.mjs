// The smallest chart text a reader meets, measured in headless Chromium (playwright-core): for
// every <text> of every chart drawing shown, its rendered size is its computed font size times
// the scale the page draws its SVG at (the text's screen CTM). On a 390 px phone no chart text
// may be smaller than 11 px; printed (print media, at the A4 page's content width) none smaller
// than 7 pt. Printed, no chart drawing may be taller than the page's content either (a tall
// hbar is printed in pieces that each fit one). Prints each case's smallest text and fails
// with every text below its floor.
//
// usage: node chart-text.mjs <site-dir> [page]
import { launchChromium } from "./launch.mjs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const site = resolve(process.argv[2] ?? "public");
const pagePath = process.argv[3] ?? "index.html";

// A4 less the print stylesheet's @page margins (18 mm each side, 18 and 20 mm above and
// below), in CSS px (96 per inch).
const A4_CONTENT_PX = ((210 - 2 * 18) / 25.4) * 96;
const A4_CONTENT_HEIGHT_PX = ((297 - 18 - 20) / 25.4) * 96;
const PT = 4 / 3; // CSS px per pt
const cases = [
  { name: "390 px screen", width: 390, media: "screen", floor: 11, unit: "px", perUnit: 1, maxHeight: Infinity },
  { name: "print (A4)", width: Math.floor(A4_CONTENT_PX), media: "print", floor: 7, unit: "pt", perUnit: PT, maxHeight: A4_CONTENT_HEIGHT_PX },
];

const browser = await launchChromium();
const failures = [];
try {
  for (const c of cases) {
    const page = await browser.newPage({ viewport: { width: c.width, height: 900 } });
    await page.emulateMedia({ media: c.media });
    await page.goto(pathToFileURL(join(site, pagePath)).href);
    const { texts, heights } = await page.evaluate(() => {
      const out = [];
      const heights = [];
      for (const svg of document.querySelectorAll("svg.chart-svg")) {
        const box = svg.getBoundingClientRect();
        if (box.width === 0) continue; // the drawing not shown
        const chart = svg.closest("figure")?.id ?? "?";
        const variant = ["narrow", "print", "wide"].find((v) => svg.classList.contains(`chart-${v}`));
        heights.push({ chart, variant, height: box.height });
        for (const text of svg.querySelectorAll("text")) {
          if (!text.textContent.trim()) continue;
          const ctm = text.getScreenCTM();
          const scale = Math.hypot(ctm.a, ctm.b);
          const size = parseFloat(getComputedStyle(text).fontSize) * scale;
          out.push({ chart, variant, text: text.textContent, size });
        }
      }
      return { texts: out, heights };
    });
    await page.close();
    for (const h of heights.filter((h) => h.height > c.maxHeight)) {
      failures.push(`${c.name}: a drawing taller than the page (${(h.height / 96 * 25.4).toFixed(0)} mm): ${h.chart} ${h.variant}`);
    }
    if (texts.length === 0) {
      failures.push(`${c.name}: no chart text found`);
      continue;
    }
    const smallest = texts.reduce((a, b) => (b.size < a.size ? b : a));
    const shown = (t) => `${(t.size / c.perUnit).toFixed(2)} ${c.unit} (${t.chart} ${t.variant}: "${t.text}")`;
    console.log(`${c.name}: ${texts.length} chart texts, smallest ${shown(smallest)}`);
    for (const t of texts.filter((t) => t.size / c.perUnit < c.floor)) {
      failures.push(`${c.name}: below ${c.floor} ${c.unit}: ${shown(t)}`);
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("chart text sizes passed");
