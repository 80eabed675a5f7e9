#!/bin/sh
# Fetch the browser editor's vendored files (plugins/playbook/assets/vendor/decap/) from the
# npm registry at the versions named here; see the README there.
set -eu
DECAP=3.16.3
JSYAML=4.3.2
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/plugins/playbook/assets/vendor/decap"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "decap-cms@$DECAP" "js-yaml@$JSYAML" >/dev/null
mkdir decap jsyaml
tar xzf "decap-cms-$DECAP.tgz" -C decap
tar xzf "js-yaml-$JSYAML.tgz" -C jsyaml
find "$out" -type f ! -name README.md ! -name decap-cms.LICENSE -delete
cp decap/package/dist/decap-cms.js decap/package/dist/*.decap-cms.js \
   decap/package/dist/*.wasm decap/package/dist/decap-cms.js.LICENSE.txt "$out/"
cp jsyaml/package/dist/js-yaml.min.js "$out/"
cp jsyaml/package/LICENSE "$out/js-yaml.LICENSE"
for f in "$out"/*.js; do sed -i '/^\/\/# sourceMappingURL=/d' "$f"; done
echo "Decap CMS $DECAP and js-yaml $JSYAML in $out"
