#!/usr/bin/env python3
"""Where sws_guibench's GUI thread spends its CPU time, by concern, from a perf recording.

    QT_QPA_PLATFORM=offscreen perf record -F 250 --call-graph dwarf,8192 -o gui.data -- \\
        build/tests/bench/sws_guibench --size 1024 --history --no-table
    tests/bench/guiprofile.py gui.data 250      # the data file and the sampling rate (Hz)

Each sample of the GUI process's main thread (the lowest thread id of sws_guibench with more
than 5 % of the samples; the streaming peer is a child process started later) goes to the first
concern below that any frame of its call chain names, so nested work counts once, where it was
asked for: a history write triggered by a chat insertion counts as history, not as chat model.
Qt's libraries have no symbols, so the WebSocket framing is what runs in QtWebSockets and
QtNetwork outside our slots. Unwinding takes minutes for a 10 s run; that is perf script.
"""
import collections
import re
import subprocess
import sys


def frames_match(frames, *needles):
    return any(any(n in sym for n in needles) for sym, _ in frames)


CONCERNS = [
    ('history: SQLite', lambda f: frames_match(f, 'ChatHistory::', 'HistoryStore')
     and 'sqlite' in f[0][1]),
    ('history: sealing', lambda f: frames_match(f, 'HistoryStore::Private::seal')),
    ('history: other', lambda f: frames_match(f, 'ChatHistory::', 'HistoryStore')),
    ('session crypto (open/seal)', lambda f: frames_match(f, 'SecretBoxChannel::', 'crypto_box')),
    ('chat list layout', lambda f: frames_match(f, 'ChatListView', 'ChatDelegate')),
    ('traffic model', lambda f: frames_match(f, 'TrafficModel')),
    ('traffic view', lambda f: frames_match(f, 'TrafficView')),
    ('chat model', lambda f: frames_match(f, 'ChatModel', 'ChatChannel')),
    ('session core, other', lambda f: frames_match(f, 'SessionCore')),
    ('SecureWebSocket, other', lambda f: frames_match(f, 'SecureWebSocket')),
    ('painting', lambda f: frames_match(f, 'drawWidget', 'paintEvent', 'QWidgetRepaintManager',
                                        'QPainter')),
    ('WebSocket framing, socket reads',
     lambda f: any('libQt6WebSockets' in d or 'libQt6Network' in d for _, d in f)),
    ('benchmark probe', lambda f: any('bench::gui' in s and not any(
        x in s for x in ('GuiBench::run', 'waitFor', 'notify')) for s, _ in f)),
]


def gui_thread(data):
    out = subprocess.run(['perf', 'report', '-i', data, '--no-children', '--sort', 'pid', '-g',
                          'none', '--stdio'], capture_output=True, text=True, check=True).stdout
    tids = []
    for line in out.splitlines():
        m = re.match(r'\s+([\d.]+)%\s+(\d+):(\S+)', line)
        if m and m.group(3) == 'sws_guibench' and float(m.group(1)) > 5:
            tids.append(int(m.group(2)))
    return min(tids)


def main():
    data = sys.argv[1]
    hz = float(sys.argv[2]) if len(sys.argv) > 2 else 250
    tid = gui_thread(data)
    script = subprocess.run(['perf', 'script', '-i', data, '--tid', str(tid), '-F',
                             'tid,ip,sym,dso'], capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    total = 0

    def take(frames):
        nonlocal total
        if not frames:
            return
        total += 1
        for name, test in CONCERNS:
            if test(frames):
                counts[name] += 1
                return
        counts['other (event loop, Qt, kernel)'] += 1

    frames = []
    for line in script.splitlines():
        m = re.match(r'\s+[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$', line)
        if m:
            frames.append((m.group(1), m.group(2)))
        else:  # a sample's header line or the blank line after it
            take(frames)
            frames = []
    take(frames)
    print(f'{data}: GUI thread {tid}, {total} samples = {total / hz:.1f} s of CPU')
    for name, n in counts.most_common():
        print(f'  {100 * n / total:5.1f} %  {n / hz * 1000:7.0f} ms  {name}')


if __name__ == '__main__':
    main()
