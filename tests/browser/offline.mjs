// Loads pages of a built brief in headless Chromium with the network cut off: every request
// that is not for one of the site's own files is aborted and listed. A page marked
// `alone:<path>` (the single-file HTML) may load nothing but itself. The page is scrolled to
// its end so lazy images load too. Exit 1, listing the requests, if any page made one.
//
// usage: node offline.mjs <site-dir> <page | alone:page> ...
import { chromium } from "playwright-core";
import { readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { resolve, join, normalize } from "node:path";

const site = resolve(process.argv[2]);
const pages = process.argv.slice(3);

const chrome = [process.env.BRIEF_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  .find((c) => c && existsSync(c));
if (!chrome) {
  console.error("No Chromium found: install it (Debian: apt-get install chromium) or set BRIEF_CHROME.");
  process.exit(2);
}

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  let file = join(site, path);
  if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) { res.writeHead(404).end("not found"); return; }
  res.writeHead(200);
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: chrome,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const leaks = [];
for (const spec of pages) {
  const alone = spec.startsWith("alone:");
  const pagePath = alone ? spec.slice("alone:".length) : spec;
  const url = `${origin}/${pagePath}`;
  const own = (u) => (alone ? u.split("#")[0] === url : u.startsWith(`${origin}/`));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (own(requested)) return route.continue();
    leaks.push(`${pagePath}: ${route.request().resourceType()} ${requested}`);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForLoadState("networkidle");
  await context.close();
}
await browser.close();
server.close();

if (leaks.length) {
  console.error(`requests beyond the page's own files:\n${leaks.join("\n")}`);
  process.exit(1);
}
console.log(`offline: ${pages.length} pages loaded nothing beyond their own files`);
