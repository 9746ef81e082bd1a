#!/usr/bin/env bash
# Fetch the reference data the tests read (tests/reference.toml, into .cache/reference), install
# everything the tests need (Python packages into .venv; Apache Jena, Chromium, fonts, nginx,
# Apache httpd and LibreOffice Calc from Debian; axe-core and vnu.jar from npm into .tools), then
# run the whole test suite.
# Any arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# First, so that a file that cannot be had (no network, no mirror) stops the run at once, in
# one line that says how to provide it. Offline: KOMPETANSE_SKOS_MIRROR (see README.md).
bash scripts/fetch-reference
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable . --group dev

# Debian packages the tests drive as real tools.
packages=()
[ -f /usr/share/java/jena-core.jar ] || packages+=(libapache-jena-java)
# The browser tests drive Debian's Chromium (never `playwright install`).
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
# The generated nginx.conf is tested against a real nginx, which the test runs on 127.0.0.1 (3 s to
# install).
[ -x /usr/sbin/nginx ] || packages+=(nginx-light)
# The workbook tests open the exported workbook in LibreOffice Calc, headless (about 190 MB).
command -v soffice >/dev/null || packages+=(libreoffice-calc-nogui)
# The generated .htaccess is tested against a real Apache on 127.0.0.1 (mod_rewrite, mod_headers and
# mod_mime are in the package).
[ -x /usr/sbin/apache2 ] || packages+=(apache2)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages; install them as root: ${packages[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts nginx's and Apache's default sites on port 80 of every address when it installs
  # them; the tests run their own on 127.0.0.1 only, so no service may start during the install.
  no_start=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    no_start=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$no_start"
    chmod +x "$no_start"
    trap 'rm -f "$no_start"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  [ -z "$no_start" ] || rm -f "$no_start"
fi

# axe-core (accessibility) and the Nu HTML Checker, pinned, into .tools (git-ignored).
if [ ! -f .tools/node_modules/axe-core/axe.min.js ] \
  || [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm install --prefix .tools --no-audit --no-fund --silent axe-core@4.14.1 vnu-jar@26.9.27 \
    >/dev/null
fi
