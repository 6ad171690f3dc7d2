#!/usr/bin/env bash
# Installs the Debian packages whose tools the tests need and this machine lacks: only those.
# A Node.js, npm or Java that is already there is never replaced (Debian's npm, for one,
# conflicts with Node.js from NodeSource). Works as root, or through sudo.
#   bash scripts/system-packages.sh          (make test runs it as `make system-packages`)
set -euo pipefail

# tool the tests run -> the Debian package (12 and 13) that provides it
TOOLS=(
  chromium:chromium            # browser tests and PDFs (Playwright drives Debian's build)
  pdftotext:poppler-utils      # print tests read the PDFs
  pdftoppm:poppler-utils
  node:nodejs                  # axe-core, Ajv, vnu-jar and the unit tests come from npm
  npm:npm
  java:default-jre-headless    # the Nu HTML Checker
)

packages=() tools=()
for pair in "${TOOLS[@]}"; do
  tool=${pair%%:*} package=${pair#*:}
  command -v "$tool" >/dev/null 2>&1 && continue
  tools+=("$tool")
  [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
done
[ ${#packages[@]} -eq 0 ] && exit 0

if [[ " ${packages[*]} " == *" npm "* ]] && command -v node >/dev/null 2>&1 \
   && ! dpkg-query -W -f='${Version}' nodejs 2>/dev/null | grep -qv -e nodesource -e '^$'; then
  echo "npm is missing, but Node.js $(node --version 2>/dev/null) is installed from outside Debian;" >&2
  echo "Debian's npm would replace it. Install npm the way that Node.js was installed, then run make test again." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Missing tools: ${tools[*]}. Install these Debian packages as root: ${packages[*]}" >&2
  exit 1
fi

echo "Missing tools: ${tools[*]}. Installing Debian's ${packages[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
