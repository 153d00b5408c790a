#!/usr/bin/env bash
# Installs every Debian package photoaudit needs to build, run and test.
# Idempotent: when everything is present it installs nothing and exits quickly.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build
  libimgui-dev libglfw3-dev libepoxy-dev
  libopencv-dev libjpeg-dev libpng-dev
  libdlib-dev libdlib-data
  libsqlite3-dev sqlite3 libssl-dev libzip-dev
  libpq-dev postgresql-15 postgresql-client-15
  libstb-dev fonts-noto-cjk
  libcli11-dev nlohmann-json3-dev libxlsxwriter-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth xdotool x11-utils
  clang libclang-rt-14-dev
  curl ca-certificates
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
else
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Real portraits for the test corpus, from Debian packages, unpacked without their dependencies.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$here/build/fixtures"
if [ ! -f "$fixtures/grace_hopper.jpg" ] || [ ! -f "$fixtures/astronaut.png" ]; then
  mkdir -p "$fixtures/deb"
  ( cd "$fixtures/deb" && apt-get download -qq python-matplotlib-data python3-skimage )
  for d in "$fixtures"/deb/*.deb; do dpkg -x "$d" "$fixtures/deb/root"; done
  find "$fixtures/deb/root" -name grace_hopper.jpg -exec cp {} "$fixtures/" \; -quit
  find "$fixtures/deb/root" -name astronaut.png -exec cp {} "$fixtures/" \; -quit
  rm -rf "$fixtures/deb"
  echo "setup: portraits in $fixtures"
fi
