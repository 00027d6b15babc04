// Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else
// Debian's /usr/bin/chromium, else Playwright's own download if this machine has one.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export function resolveChromium(): string {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    const own = chromium.executablePath();
    if (existsSync(own)) return own;
  } catch {
    // fall through to the message below
  }
  throw new Error(
    "No Chromium found for the end-to-end tests. Install Debian's package (`apt-get install chromium`), " +
      "set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary, or run `npx playwright install chromium` where downloads are allowed.",
  );
}
