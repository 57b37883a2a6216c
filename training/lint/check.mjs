// Lints Python files with ruff (its WebAssembly build, pinned in package-lock.json), with the
// settings of [tool.ruff] in training/pyproject.toml, given as JSON by run.sh.
//   node check.mjs <settings.json> <file.py>...
import { readFileSync } from "node:fs";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

const [settingsFile, ...files] = process.argv.slice(2);
const workspace = new Workspace(JSON.parse(readFileSync(settingsFile, "utf8")), PositionEncoding.Utf8);
let problems = 0;
for (const file of files) {
  for (const d of workspace.check(readFileSync(file, "utf8"))) {
    problems++;
    console.log(`${file}:${d.start_location.row}:${d.start_location.column}: ${d.code} ${d.message}`);
  }
}
console.log(`ruff ${Workspace.version()}: ${problems} problem(s) in ${files.length} file(s)`);
process.exit(problems === 0 ? 0 : 1);
