// Headless Chromium for the browser checks: BRIEF_CHROME, else the usual Debian paths; exits
// with what to install when there is none.
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";

export async function launchChromium() {
  const chrome = [process.env.BRIEF_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .find((c) => c && existsSync(c));
  if (!chrome) {
    console.error("No Chromium found: install it (Debian: apt-get install chromium) or set BRIEF_CHROME.");
    process.exit(2);
  }
  return chromium.launch({ executablePath: chrome, args: ["--no-sandbox", "--disable-gpu"] });
}
