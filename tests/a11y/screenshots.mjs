// Screenshots of a built site for a person to look at: `node screenshots.mjs [SITE_DIR] [OUT_DIR]`.
// The overview, an incident page and the chronology at 1280 and 390 px wide, in the light
// and the dark colour scheme: OUT_DIR/<page>-<width>-<scheme>.png (top of the page, at most
// 2400 px tall).
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch, pagesOf } from "./browser.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const site = resolve(process.argv[2] ?? join(here, "../../public"));
const out = resolve(process.argv[3] ?? join(here, "../../target/screenshots"));
mkdirSync(out, { recursive: true });
const pages = pagesOf(site).main.filter((p) => p !== "print.html");

const { browser, close } = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 390]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
      const cdp = await page.createCDPSession();
      await cdp.send("Emulation.setEmulatedMedia", { media: "screen", features: [{ name: "prefers-color-scheme", value: scheme }] });
      for (const path of pages) {
        await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: "load" });
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const name = path.replace(/^incidents\//, "incident-").replace(/\.html$/, "");
        const file = join(out, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: Math.min(height, 2400) } });
        console.log(file);
      }
      await page.close();
    }
  }
} finally {
  await close();
}
