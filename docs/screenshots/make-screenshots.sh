#!/usr/bin/env bash
# Takes the README screenshots of the real app under Xvfb (needs xvfb and imagemagick).
#   docs/screenshots/make-screenshots.sh [BUILD_DIR]    (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
# The whole run in a private, unlocked gnome-keyring (never the user's): the app keeps its
# history key there, as on a desktop, instead of asking for a passphrase in every shot.
if [ -z "${SWS_SHOTS_IN_KEYRING:-}" ]; then
    SWS_SHOTS_IN_KEYRING=1 exec tests/common/with-keyring.sh "$PWD/docs/screenshots/make-screenshots.sh" "$@"
fi
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
# The contact list: two servers the settings join at start (one pinned and verified), with
# messages from another member while the other one is shown. The history needs a keychain: the
# whole run is in a private gnome-keyring (tests/common/with-keyring.sh, never the user's).
contacts_shot() {
    local dir="$settings/contacts" sws="${app%/*}/sws"
    mkdir -p "$dir"
    DISPLAY="$display" OUT="$out" DIR="$dir" APP="$app" SWS="$sws" \
        tests/common/with-keyring.sh sh -euc '
        serve() { # serve NAME: a chat server with its own key; prints its URL
            "$SWS" keygen --out "$DIR/$1.json" | sed -n "s/^public key: *//p" >"$DIR/$1.key"
            "$SWS" serve --listen 127.0.0.1:0 --mode chat --key "$DIR/$1.json" \
                >"$DIR/$1.out" 2>/dev/null &
            echo $! >"$DIR/$1.pid"
            until grep -q "^listening" "$DIR/$1.out" 2>/dev/null; do sleep 0.2; done
            sed -n "s/^listening //p" "$DIR/$1.out"
        }
        a=$(serve alice)
        b=$(serve build)
        "$SWS" --profile "$DIR/profile" pin add "$a" "$(cat "$DIR/alice.key")" --verified >/dev/null
        "$SWS" --profile "$DIR/profile" pin add "$b" "$(cat "$DIR/build.key")" >/dev/null
        cat >"$DIR/s.ini" <<INI
[servers]
1\\title=Alice
1\\url=$a
1\\version=1
1\\openAtStart=true
2\\title=Build server
2\\url=$b
2\\version=1
2\\openAtStart=true
size=2
INI
        "$APP" --settings "$DIR/s.ini" --profile "$DIR/profile" --demo off >/dev/null 2>&1 &
        pid=$!
        sleep 4
        printf "%s\n" "Are you there?" "The fingerprint matches what you read me." |
            "$SWS" connect "$a" --pin-policy off >/dev/null 2>&1
        printf "%s\n" "Nightly build passed." | "$SWS" connect "$b" --pin-policy off >/dev/null 2>&1
        sleep 2
        import -window root -crop 1200x760+0+0 +repage "$OUT/contacts.png"
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        # The same profile started again: the conversations come back from the history.
        "$APP" --settings "$DIR/s.ini" --profile "$DIR/profile" --demo off >/dev/null 2>&1 &
        pid=$!
        sleep 5
        import -window root -crop 1200x760+0+0 +repage "$OUT/restored.png"
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        kill $(cat "$DIR"/*.pid) 2>/dev/null || true'
}
contacts_shot
echo "screenshots in $out"
