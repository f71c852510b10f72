#!/bin/sh
# Builds the web app of an earlier commit (default: the merge base with main) into DIR, for the
# first-row bench's "before" variant: BEFORE_WEB_DIR=DIR/web/build npm run bench:first-row -w server.
# The commit's files are exported to DIR and use this checkout's installed packages.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
commit=${1:-$(git -C "$root" merge-base HEAD main)}
dir=${2:-/tmp/skills-before-web}
rm -rf "$dir"
mkdir -p "$dir/node_modules/@skills" "$dir/web/node_modules"
git -C "$root" archive "$commit" | tar -x -C "$dir"
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name=$(basename "$entry")
  [ "$name" = "@skills" ] || ln -s "$entry" "$dir/node_modules/$name"
done
for ws in db load-tests scoring server web; do ln -s "../../$ws" "$dir/node_modules/@skills/$ws"; done
for entry in "$root"/web/node_modules/* "$root"/web/node_modules/.bin; do
  ln -s "$entry" "$dir/web/node_modules/$(basename "$entry")"
done
(cd "$dir/web" && npx vite build >/dev/null)
echo "$dir/web/build"
