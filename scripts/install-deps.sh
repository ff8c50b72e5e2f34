#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages lagsim needs, only those missing.
#   scripts/install-deps.sh          what `npm ci` and `lagsim run` need: the libraries node-canvas
#                                    builds against, a compiler, and a CJK font so Hangul renders in PNGs
#   scripts/install-deps.sh --test   also what the tests need: Chromium (HTML report checks),
#                                    MariaDB, PostgreSQL and Pgpool-II (live mode against a real primary and replica, and a real proxy)
#                                    and GNU parallel (sharded sweeps and advise runs across processes)
#   scripts/install-deps.sh --bench  also SimPy, the peer the benchmark compares against
set -euo pipefail

pkgs=(build-essential python3 pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev fonts-noto-cjk)
for arg in "$@"; do
  case "$arg" in
    --test) pkgs+=(chromium mariadb-server mariadb-client postgresql pgpool2 parallel) ;;
    --bench) pkgs+=(python3-simpy) ;;
    *) echo "install-deps.sh: unknown option $arg (use --test or --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
