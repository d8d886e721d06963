#!/usr/bin/env bash
# Kiosk smoke test: starts the real kiosk binary (Wails window, fullscreen kiosk mode)
# on a virtual X screen, checks that the welcome page rendered, taps Start and checks
# that the search view shows Kitas fetched through the in-process /api handler.
#
#   build/scripts/kiosk-smoke.sh [BINARY]     (default build/bin/kitaportal; run by `make test`)
#
# Screenshots and the app's log go to build/test-artifacts/. Environment:
#   KIOSK_SMOKE_TIMEOUT  seconds to wait for the window and each page (default 60)
#   KIOSK_SMOKE_OUT      artifact directory (default build/test-artifacts)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${1:-$root/build/bin/kitaportal}
out=${KIOSK_SMOKE_OUT:-$root/build/test-artifacts}
timeout_s=${KIOSK_SMOKE_TIMEOUT:-60}
screen_w=1920 screen_h=1080
start_colour='#1E6B52' # --start in frontend/src/style.css: used by the Start button only

log=$out/kiosk-smoke.log
step() { echo "kiosk-smoke: $*"; }
fail() {
  echo "kiosk-smoke: FAIL: $*" >&2
  if [[ -n ${DISPLAY:-} && -n ${xvfb_pid:-} ]] && import -window root "$out/kiosk-failure.png" 2>/dev/null; then
    echo "kiosk-smoke: screen at failure: $out/kiosk-failure.png" >&2
  fi
  if [[ -s $log ]]; then
    echo "kiosk-smoke: last lines of $log:" >&2
    tail -n 30 "$log" | sed 's/^/    /' >&2
  fi
  exit 1
}

for tool in Xvfb xdotool import convert compare; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (run 'make deps')"
done
[[ -x $bin ]] || fail "no kiosk binary at $bin (run 'make build')"

unset DISPLAY # set again to the Xvfb display below
mkdir -p "$out"
rm -f "$out"/kiosk-*.png "$log"
work=$(mktemp -d)
xvfb_pid='' app_pid=''
# stop PID: SIGTERM, and SIGKILL if it is still there after 5 s.
stop() {
  kill "$1" 2>/dev/null || return 0
  for ((j = 0; j < 50; j++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  [[ -n $app_pid ]] && stop "$app_pid"
  [[ -n $xvfb_pid ]] && stop "$xvfb_pid"
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Xvfb picks a free display number itself (-displayfd) and writes it once it is ready,
# so a developer's own :99 or a parallel run does not collide with this one.
Xvfb -displayfd 3 -screen 0 "${screen_w}x${screen_h}x24" -nolisten tcp \
  3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for ((i = 0; i < 100; i++)); do
  [[ -s $work/display ]] && break
  kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
  sleep 0.1
done
[[ -s $work/display ]] || fail "Xvfb did not report a display within 10 s"
DISPLAY=":$(head -n 1 "$work/display")"
export DISPLAY
unset WAYLAND_DISPLAY
export GDK_BACKEND=x11 NO_AT_BRIDGE=1
# Keep WebKit's caches and the app's files inside the scratch directory.
export HOME=$work/home XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share
mkdir -p "$HOME" "$work/data"
step "Xvfb on $DISPLAY (${screen_w}x${screen_h})"

# An empty --data dir: the app loads its embedded demo data.
started_ms=$(date +%s%3N)
"$bin" kiosk --data "$work/data" >"$log" 2>&1 &
app_pid=$!
step "started $bin kiosk (pid $app_pid)"

alive() {
  kill -0 "$app_pid" 2>/dev/null && return 0
  local status=0
  wait "$app_pid" || status=$?
  app_pid=''
  fail "the kiosk exited early with status $status"
}

wid=''
# Polled every 50 ms so that the cold start figure below is measured to
# about that precision.
for ((i = 0; i < timeout_s * 20; i++)); do
  alive
  wid=$(xdotool search --onlyvisible --name '^KitaPortal' 2>/dev/null | head -n 1) || true
  [[ -n $wid ]] && break
  sleep 0.05
done
[[ -n $wid ]] || fail "no visible window named KitaPortal… within ${timeout_s}s"
step "window $wid is mapped"

title() { xdotool getwindowname "$wid" 2>/dev/null || true; }
# wait_title REGEX: waits until the window title (set by the page) matches.
wait_title() {
  local t=''
  for ((i = 0; i < timeout_s * 20; i++)); do
    alive
    t=$(title)
    [[ $t =~ $1 ]] && return 0
    [[ $t == *'(Fehler)'* ]] && fail "the page reports an error (title '$t'): GET /api/kitas failed in the kiosk"
    sleep 0.05
  done
  fail "window title is '$t', expected /$1/ within ${timeout_s}s: the page did not render or its script failed"
}

eval "$(xdotool getwindowgeometry --shell "$wid")"
[[ $X == 0 && $Y == 0 && $WIDTH == "$screen_w" && $HEIGHT == "$screen_h" ]] ||
  fail "kiosk window is ${WIDTH}x${HEIGHT}+${X}+${Y}, expected it to cover the screen ${screen_w}x${screen_h}+0+0"

wait_title '^KitaPortal – Willkommen$'
# Cold start: process start to the Welcome page's title (includes creating the store,
# building the index and loading the demo city on this empty data dir).
step "welcome page loaded after $(($(date +%s%3N) - started_ms)) ms (title '$(title)')"

shot() { import -window root "$1" || fail "screenshot $1 failed"; }
# button_box IMAGE: bounding box WxH+X+Y of the Start button's colour, if at least 200x60.
button_box() {
  local b
  b=$(convert "$1" -alpha off -fuzz 4% -fill black +opaque "$start_colour" \
    -fill white -opaque "$start_colour" -format '%@' info: 2>/dev/null) || true
  [[ $b =~ ^([0-9]+)x([0-9]+)\+([0-9]+)\+([0-9]+)$ ]] &&
    ((BASH_REMATCH[1] >= 200 && BASH_REMATCH[2] >= 60)) && echo "$b"
  return 0
}
# not_blank IMAGE: a rendered page has contrast and more than a handful of colours.
not_blank() {
  local stats
  stats=$(convert "$1" -format '%[fx:standard_deviation] %k' info:) || fail "cannot read $1"
  read -r sd colours <<<"$stats"
  awk -v sd="$sd" -v n="$colours" 'BEGIN { exit !(sd > 0.02 && n > 16) }' ||
    fail "$1 looks blank (standard deviation $sd, $colours colours)"
}

welcome=$out/kiosk-welcome.png
box=''
for ((i = 0; i < timeout_s; i++)); do # the title may change a frame before the paint
  alive
  shot "$welcome"
  box=$(button_box "$welcome")
  [[ -n $box ]] && break
  sleep 1
done
not_blank "$welcome"
[[ -n $box ]] || fail "no Start button (colour $start_colour, at least 200x60) in $welcome"
[[ $box =~ ^([0-9]+)x([0-9]+)\+([0-9]+)\+([0-9]+)$ ]]
bw=${BASH_REMATCH[1]} bh=${BASH_REMATCH[2]} bx=${BASH_REMATCH[3]} by=${BASH_REMATCH[4]}
cx=$((bx + bw / 2)) cy=$((by + bh / 2))
step "Start button ${bw}x${bh} at +${bx}+${by}; tapping ($cx,$cy)"

xdotool mousemove "$cx" "$cy" click 1
wait_title '^KitaPortal – Suche \(([0-9.]+) Treffer\)$'
total=${BASH_REMATCH[1]//./}
((total > 0)) || fail "the search view lists 0 Kitas: an empty --data dir should show the embedded demo data"
step "search view shows $total Kitas from GET /api/kitas"

search=$out/kiosk-search.png
sleep 0.5 # let the list paint
shot "$search"
not_blank "$search"
[[ -z $(button_box "$search") ]] || fail "the Start button is still on screen after tapping it ($search)"
changed=$(compare -metric AE -fuzz 2% "$welcome" "$search" null: 2>&1 >/dev/null || true)
# ImageMagick prints large counts in exponent notation (1.28677e+06).
[[ $changed =~ ^[0-9.]+(e\+?[0-9]+)?$ ]] || fail "cannot compare screenshots: $changed"
changed=$(awk -v n="$changed" 'BEGIN { printf "%d", n }')
((changed > screen_w * screen_h / 100)) ||
  fail "the screen barely changed after tapping Start ($changed pixels differ)"
step "screen changed in $changed pixels"
step "PASS (screenshots: $welcome $search)"
