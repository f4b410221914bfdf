// Nu Html Checker over every HTML page of a built site: `node vnu.mjs [SITE_DIR]`.
// Prints each error as "page:line:column: message" and exits non-zero if there is any.
// Uses the vnu.jar shipped in the npm package `vnu-jar` and the machine's Java (17+).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import vnuJar from "vnu-jar";

const site = resolve(process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "../../public"));

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}

const files = htmlFiles(site);
if (files.length === 0) {
  console.error(`vnu: no HTML page under ${site}: build the site first`);
  process.exit(2);
}
const java = process.env.JAVA ?? "java";
const run = spawnSync(java, ["-jar", String(vnuJar), "--errors-only", "--format", "json", ...files], {
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (run.error) {
  console.error(`vnu: cannot run ${java}: ${run.error.message}`);
  process.exit(2);
}
let messages;
try {
  messages = JSON.parse(run.stderr || run.stdout).messages;
} catch (e) {
  console.error(`vnu: unreadable output (${e.message}):\n${run.stderr}${run.stdout}`);
  process.exit(2);
}
const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal" || m.type === "non-document-error");
for (const m of errors) {
  const page = m.url ? relative(site, fileURLToPath(m.url)) : "?";
  console.log(`${page}:${m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, " ").trim()}` : ""}`);
}
console.log(`vnu: ${files.length} pages, ${errors.length} error${errors.length === 1 ? "" : "s"}`);
process.exit(errors.length ? 1 : 0);
