// Browser checks for a built brief, in headless Chromium (playwright-core):
// at 390 and 1280 px, light and dark: no console errors, no failed (network error or HTTP 4xx/5xx) or external requests,
// no horizontal overflow, axe-core WCAG 2.2 AA with 0 violations. Screenshots are saved.
//
// usage: node check.mjs <site-dir> [screenshot-dir] [page ...]
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { resolve, join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const site = resolve(process.argv[2] ?? "public");
const shots = process.argv[3] ? resolve(process.argv[3]) : null;
const pages = process.argv.slice(4).length ? process.argv.slice(4) : ["index.html"];
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

function findChromium() {
  const candidates = [process.env.BRIEF_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) {
    console.error("No Chromium found: install it (Debian: apt-get install chromium) or set BRIEF_CHROME.");
    process.exit(2);
  }
  return found;
}

// Serve the site over HTTP on loopback, as a static host would (file:// blocks axe's CSS reads).
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml", ".csv": "text/csv", ".xml": "application/xml", ".pdf": "application/pdf", ".png": "image/png", ".txt": "text/plain" };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  let file = join(site, path);
  if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) { res.writeHead(404).end("not found"); return; }
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
if (shots) mkdirSync(shots, { recursive: true });

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);
let checked = 0;

for (const pagePath of pages) {
  const url = `${origin}/${pagePath}`;
  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"]) {
      const where = `${pagePath} @ ${width}px ${scheme}`;
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, javaScriptEnabled: true });
      const page = await context.newPage();
      page.on("console", (msg) => { if (msg.type() === "error") fail(where, `console error: ${msg.text()}`); });
      page.on("pageerror", (err) => fail(where, `page error: ${err.message}`));
      page.on("requestfailed", (req) => fail(where, `failed request: ${req.url()} (${req.failure()?.errorText})`));
      page.on("response", (res) => { if (res.status() >= 400) fail(where, `failed request: ${res.url()} (HTTP ${res.status()})`); });
      page.on("request", (req) => { if (!req.url().startsWith(origin) && !req.url().startsWith("data:")) fail(where, `external request: ${req.url()}`); });
      await page.goto(url, { waitUntil: "load" });

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) fail(where, `the page is ${overflow}px wider than the viewport`);

      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] }));
      for (const v of result.violations) {
        const targets = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("; ");
        fail(where, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${targets}`);
      }
      if (shots) {
        const name = `${pagePath.replace(/[\/.]/g, "_")}-${width}-${scheme}.png`;
        await page.screenshot({ path: join(shots, name), fullPage: true });
      }
      checked++;
      await context.close();
    }
  }
}
await browser.close();
server.close();

if (failures.length) {
  console.error(failures.join("\n"));
  console.log(`browser checks: 0 passed, ${failures.length} failed`);
  process.exit(1);
}
console.log(`browser checks: ${checked} page views passed (390/1280 px, light/dark): axe WCAG 2.2 AA 0 violations, no console errors, no failed or external requests, no overflow`);
