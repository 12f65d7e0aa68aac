// Live reload in a real browser: with `brief serve` running, the page reloads itself after a
// section is edited, shows the error overlay after a dataset is broken, and drops it once the
// dataset is fixed; no console errors on the way. A screenshot of the overlay is saved.
//
// usage: node serve.mjs <url> <brief-root> <screenshot-dir>
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const [url, root, shots] = process.argv.slice(2);
const chromePath = [process.env.BRIEF_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  .find((c) => c && existsSync(c));
const browser = await chromium.launch({
  executablePath: chromePath,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") failures.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  await page.goto(url);
  // The page listens once its event stream said `hello`.
  await page.waitForFunction(() => window.briefLiveReload === true, null, { timeout: 10000 });

  const section = join(root, "content/01-first.md");
  const text = readFileSync(section, "utf8");
  writeFileSync(section, text.replace("Intro text with a note.", "Edited in the browser test."));
  await page.waitForFunction(() => document.body.innerText.includes("Edited in the browser test."), null, { timeout: 10000 });

  const dataset = join(root, "content/data/growth.yaml");
  const good = readFileSync(dataset, "utf8");
  writeFileSync(dataset, good.replace("pct: 900", "pct: <b>lots</b>"));
  await page.waitForSelector("#brief-error-overlay", { timeout: 10000 });
  const overlay = await page.locator("#brief-error-overlay").innerText();
  if (!overlay.includes("content/data/growth.yaml:10:")) failures.push(`overlay without location: ${overlay}`);
  if (!overlay.includes("<b>lots</b>")) failures.push(`overlay without the snippet as text: ${overlay}`);
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "error-overlay.png") });
  }

  writeFileSync(dataset, good);
  await page.waitForFunction(() => !document.getElementById("brief-error-overlay"), null, { timeout: 10000 });
  if (!(await page.locator("text=Edited in the browser test.").count())) failures.push("the edit is gone after the fix");
} catch (e) {
  failures.push(String(e));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("live reload: ok");
