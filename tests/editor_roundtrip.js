// The browser editor's file formats (assets/editor.js), as Decap CMS uses them, run by Node:
// node editor_roundtrip.js ASSETS CONFIG FILE... prints JSON {file: the file read, then
// written back}. tests/test_editor.py compares what it writes with what it read.
const fs = require("fs");
const path = require("path");
const [assets, configFile, ...files] = process.argv.slice(2);
const formats = {};
global.window = { CMS: { registerCustomFormat: (n, e, f) => { formats[n] = f; }, init() {} },
                  addEventListener() {} };
global.jsyaml = require(path.join(assets, "vendor/decap/js-yaml.min.js"));
global.document = { createElement: () => ({}), head: { appendChild() {} }, body: {} };
global.fetch = () => Promise.resolve({ ok: true, text: () => fs.readFileSync(configFile, "utf8") });
require(path.join(assets, "editor.js"));
setTimeout(() => {
  const out = {};
  for (const file of files) {
    const folder = path.basename(file) === "hub.yml" ? "settings"
      : path.basename(path.dirname(file));
    const format = formats["playbook-" + folder];
    out[file] = format.toFile(format.fromFile(fs.readFileSync(file, "utf8")));
  }
  process.stdout.write(JSON.stringify(out));
}, 50);
