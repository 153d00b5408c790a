#!/usr/bin/env bash
# scripts/check-layers.sh fails on includes that run the wrong way: on a copy of the tree it must
# pass, then fail, naming the file and line, for each wrong include planted into the copy.
#   tests/layers/check_layers_test.sh [SOURCE_TREE]
set -euo pipefail
src=$(realpath "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check="$src/scripts/check-layers.sh"

fresh() {  # a copy of the tree's sources
  rm -rf "$T/tree"
  mkdir -p "$T/tree"
  cp -r "$src/app" "$src/widgets" "$T/tree/"
}

fresh
"$check" "$T/tree" >/dev/null || { echo "FAIL: the check fails on the unchanged tree"; "$check" "$T/tree"; exit 1; }

failed=0
# plant FILE TEXT EXPECTED: appends TEXT to FILE in a fresh copy; the check must fail saying EXPECTED.
plant() {
  local file=$1 text=$2 expected=$3
  fresh
  mkdir -p "$(dirname "$T/tree/$file")"
  printf '%s\n' "$text" >>"$T/tree/$file"
  local rc=0 out
  out=$("$check" "$T/tree" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "FAIL: $file with '$text' passed the check"
    failed=$((failed + 1))
  elif ! grep -qF -- "$expected" <<<"$out"; then
    echo "FAIL: $file with '$text': the check did not say '$expected':"
    echo "$out"
    failed=$((failed + 1))
  else
    echo "ok: $file with '$text' -> $(head -1 <<<"$out")"
  fi
}

plant app/core/model.cpp '#include "store/store.h"' 'app/core/model.cpp:'
plant app/store/schema.cpp '#include "ingest/roster.h"' 'includes "ingest/roster.h"'
plant app/quality/engine.cpp '#include "store/store.h"' 'app/quality may include only'
plant app/review/stats.cpp '#include "demo/demo.h"' 'includes "demo/demo.h"'
plant app/review/stats.cpp '#include "cli/cli.h"' 'includes "cli/cli.h"'
plant app/cli/cli.cpp '#include "ui/workstation.h"' 'includes "ui/workstation.h"'
plant app/ui/workstation.cpp '#include "cli/cli_office.h"' 'includes "cli/cli_office.h"'
plant app/ui/platform/gpu.cpp '#include "ui/photos/photo_data.h"' 'app/ui/platform may include only'
plant app/ui/photos/photo_cache.cpp '#include "ui/views/review_view.h"' 'includes "ui/views/review_view.h"'
plant app/ui/platform/window.cpp '#include "ui/workstation.h"' 'app/ui/platform/window.cpp:'
plant widgets/toast.cpp '#include "ui/ui_common.h"' 'widgets/toast.cpp:'
plant app/quality/check.cpp '#include <imgui.h>' 'includes a UI library'
plant app/cli/cli.cpp '#include <GLFW/glfw3.h>' 'includes a UI library'
plant app/store/sqlite.cpp '  #  include <epoxy/gl.h>' 'includes a UI library'
plant app/core/text.cpp '#include "text_helpers.h"' 'includes "text_helpers.h"'
plant app/newlayer/thing.cpp '#include "core/error.h"' 'app/newlayer: no layer rule'

[ "$failed" -eq 0 ] || { echo "$failed planted includes got through"; exit 1; }
echo "check-layers: every planted wrong include was caught"
