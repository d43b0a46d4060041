#!/usr/bin/env bash
# Re-vendor the pinned front-end packages into src/rapport/static/vendor (committed; no CDN at run time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
cd "$tmp"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund \
  @tabler/core@1.4.0 @tabler/icons-sprite@3.48.0 htmx.org@2.0.8 @alpinejs/csp@3.14.9 \
  tom-select@2.4.6 sortablejs@1.15.7 echarts@5.6.0
m=node_modules
v="$here/src/rapport/static/vendor"
rm -rf "$v" && mkdir -p "$v"/{tabler,icons,htmx,alpine,tom-select,sortable,echarts}
cp $m/@tabler/core/dist/css/tabler.min.css $m/@tabler/core/dist/js/tabler.min.js $v/tabler/
cp $m/@tabler/core/dist/js/tabler-theme.min.js $v/tabler/
cp $m/@tabler/icons-sprite/dist/tabler-sprite.svg $v/icons/
cp $m/htmx.org/dist/htmx.min.js $v/htmx/
cp $m/@alpinejs/csp/dist/cdn.min.js $v/alpine/alpine-csp.min.js
cp $m/tom-select/dist/js/tom-select.complete.min.js $m/tom-select/dist/css/tom-select.bootstrap5.min.css $v/tom-select/
cp $m/sortablejs/Sortable.min.js $v/sortable/
cp $m/echarts/dist/echarts.min.js $v/echarts/
find "$v" -name "*.js" -o -name "*.css" | xargs sed -i "/sourceMappingURL=/d"
rm -rf "$tmp"
echo "vendored into $v"
