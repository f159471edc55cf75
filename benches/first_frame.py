#!/usr/bin/env python3
"""Whole-process time from start to the first frame of the TUI.

Starts medsets under a pseudo-terminal of 120x35, as a terminal emulator
would, and times from fork to the moment the last line of the browser's
first frame (the key hints, starting with "? help") has arrived; then
presses q. With catalog files, medsets first draws a loading screen while
it reads them: the time to that screen ("first paint") is printed too.
Repeats and prints the median, the fastest and the 90th percentile.

    cargo build --release
    python3 benches/first_frame.py ./target/release/medsets
    python3 benches/first_frame.py ./target/release/medsets --catalog big.json
"""

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

RUNS = int(os.environ.get("RUNS", 30))
# Seconds to keep the browser open after its first frame before `q`: with
# `/usr/bin/time -f %M`, the peak memory once the background index is built
# (HOLD_S=3 at 100,000 datasets).
HOLD_S = float(os.environ.get("HOLD_S", 0))
# The key hints of the status line, the first frame's last row.
LAST_LINE = b"? help  "
# A word of the loading screen's status line (src/tui/ui/loading.rs); the
# terminal gets single words, ratatui moves the cursor over the spaces.
LOADING = "catalog…".encode()


def first_frame_ms(args):
    """Milliseconds to the browser's first frame."""
    return frame_times_ms(args)[1]


def frame_times_ms(args):
    """Milliseconds to the first paint (the loading screen, or the browser
    when there is none) and to the browser's first frame."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(args[0], args)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 35, 120, 0, 0))
    seen = b""
    painted = None
    elapsed = None
    while elapsed is None:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            seen += os.read(fd, 1 << 16)
        except OSError:
            break
        now = (time.perf_counter() - start) * 1000
        if painted is None and (LOADING in seen or LAST_LINE in seen):
            painted = now
        if LAST_LINE in seen:
            elapsed = now
    time.sleep(HOLD_S)
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    if elapsed is None:
        sys.exit("no first frame within 30 s")
    return painted, elapsed


def summary(label, times):
    times = sorted(times)
    return "%s: median %.1f ms, fastest %.1f ms, p90 %.1f ms" % (
        label,
        times[len(times) // 2],
        times[0],
        times[int(len(times) * 0.9)],
    )


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    runs = [frame_times_ms(sys.argv[1:]) for _ in range(RUNS)]
    print(summary("first paint", [paint for paint, _ in runs]))
    print(summary("first frame", [frame for _, frame in runs]) + " over %d runs" % RUNS)


if __name__ == "__main__":
    main()
