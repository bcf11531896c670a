#!/usr/bin/env bash
# Takes the README screenshots of the real app under Xvfb (needs xvfb and imagemagick).
#   docs/screenshots/make-screenshots.sh [BUILD_DIR]    (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
app="${1:-build}/app/sws-desktop"
out=docs/screenshots
display=:99
settings="$(mktemp -d)"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$settings"' EXIT
sleep 1

# shot NAME ARGS...: start the app, let the session settle, grab the window (1200×760 at 0,0).
shot() {
    local name="$1"
    shift
    rm -f "$settings/s.ini"
    DISPLAY="$display" "$app" --settings "$settings/s.ini" --profile "$settings/profile" "$@" \
        >/dev/null 2>&1 &
    local pid=$!
    sleep 3
    DISPLAY="$display" import -window root -crop 1200x760+0+0 +repage "$out/$name.png"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

say=(--say "Hi! Can you read me?" --say "Every message is sealed in its own secretbox frame."
     --say "Check the fingerprint on the Peer tab: 2 words at a time.")
shot welcome --demo v1
shot chat --demo v1 --join "${say[@]}"
shot handshake --demo v2 --join "${say[@]}" --tab handshake --step 4
shot traffic --demo v1 --join "${say[@]}" --tab traffic
shot peer --demo v2 --join "${say[@]}" --tab peer
shot invite --demo v1 --invite
# The demo room joined through a paused Intercept window: one message edited, the rest held.
shot intercept --demo v1 --intercept "${say[@]}"
# The same app under a dark palette (--theme dark: Fusion and a dark palette; a dark desktop
# theme's palette is honoured the same way without the option).
shot chat-dark --demo v1 --join "${say[@]}" --theme dark
echo "screenshots in $out"
