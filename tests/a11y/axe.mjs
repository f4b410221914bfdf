// axe-core in headless Chromium over a built site: `node axe.mjs [SITE_DIR]`.
// Checks the overview, an incident page, the chronology and the print document (and the
// other kinds of page), in the light and the dark colour scheme, at a desktop and a phone
// width. Fails (exit 1) on any serious or critical violation; lesser ones are listed.
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { launch, pagesOf } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const site = resolve(process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "../../public"));
const { main, more } = pagesOf(site);
const FAIL = new Set(["serious", "critical"]);

const { browser, close } = await launch();
let failures = 0;
let lesser = 0;
let runs = 0;
const problems = [];

/// The body's background luminance (0 black … 1 white), to prove the scheme is in force.
const bodyLightness = (page) =>
  page.evaluate(() => {
    const m = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? ["255", "255", "255"];
    const [r, g, b] = m.map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });

try {
  // Screen, light and dark, desktop and phone; then print.html as printed (print media, even
  // when the system is dark: paper is always light).
  const passes = [];
  for (const scheme of ["light", "dark"]) for (const width of [1280, 390]) passes.push({ scheme, width, media: "screen", paths: [...main, ...more] });
  passes.push({ scheme: "dark", width: 1280, media: "print", paths: main.filter((p) => p === "print.html") });
  for (const { scheme, width, media, paths } of passes) {
    {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      // One CDP call for media type and features: puppeteer's emulateMediaType and
      // emulateMediaFeatures each reset the other.
      const cdp = await page.createCDPSession();
      await cdp.send("Emulation.setEmulatedMedia", { media, features: [{ name: "prefers-color-scheme", value: scheme }] });
      for (const path of paths) {
        await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: "load" });
        const light = await bodyLightness(page);
        const wantDark = scheme === "dark" && media === "screen";
        if (wantDark ? light > 0.3 : light < 0.7) {
          problems.push(`${path} [${scheme}, ${media}]: page background is ${wantDark ? "light" : "dark"} (lightness ${light.toFixed(2)})`);
        }
        runs += 1;
        await page.addScriptTag({ path: axePath });
        const result = await page.evaluate(async () =>
          // WCAG 2.x A and AA rules plus axe's best practices (landmarks, headings…).
          await window.axe.run(document, { resultTypes: ["violations"] }),
        );
        for (const v of result.violations) {
          const bad = FAIL.has(v.impact);
          if (bad) failures += 1;
          else lesser += 1;
          console.log(`${bad ? "FAIL" : "note"} ${path} [${scheme}, ${width}px${media === "print" ? ", print" : ""}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`);
          for (const n of v.nodes.slice(0, 5)) {
            console.log(`    ${n.target.join(" ")}: ${(n.failureSummary ?? "").split("\n").slice(1).join(" ").trim().slice(0, 240)}`);
          }
        }
      }
      await page.close();
    }
  }
} finally {
  await close();
}
for (const p of problems) console.log(`FAIL colour scheme: ${p}`);
console.log(`axe: ${runs} page runs (${main.length + more.length} pages, light and dark, 1280 and 390 px, print.html printed), ${failures} serious or critical violation${failures === 1 ? "" : "s"}, ${lesser} lesser`);
process.exit(failures || problems.length ? 1 : 0);
