// Headless Chromium for the checks, driven by puppeteer-core: the machine's own Chromium
// (never a downloaded one), a fresh profile, no network side traffic.
import { mkdtempSync, rmSync, existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

export function chromiumPath() {
  const candidates = [process.env.BRIEFING_CHROME, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error("no Chromium found: install Debian's chromium or set BRIEFING_CHROME");
  return found;
}

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "briefing-a11y-"));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir: profile,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const close = async () => {
    await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

/// The pages the checks look at: the overview, the incident page with the most to show (the
/// largest file), the chronology and the print document; then the other kinds of page.
export function pagesOf(site) {
  const largest = (dir) => {
    const d = join(site, dir);
    if (!existsSync(d)) return null;
    const files = readdirSync(d).filter((f) => f.endsWith(".html"));
    files.sort((a, b) => statSync(join(d, b)).size - statSync(join(d, a)).size || a.localeCompare(b));
    return files.length ? `${dir}/${files[0]}` : null;
  };
  const main = ["index.html", largest("incidents"), "chronology.html", "print.html"].filter(Boolean);
  const more = ["sources.html", largest("sources"), "404.html"].filter((p) => p && existsSync(join(site, p)));
  return { main, more };
}
