#!/usr/bin/env python3
"""Whole-process time from start to the first frame of the TUI.

Starts medsets under a pseudo-terminal of 120x35, as a terminal emulator
would, and times from fork to the moment the last line of the first frame
(the key hints, starting with "? help") has arrived; then presses q. Repeats
and prints the median, the fastest and the 90th percentile.

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
# The key hints of the status line, the first frame's last row.
LAST_LINE = b"? help  "


def first_frame_ms(args):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(args[0], args)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 35, 120, 0, 0))
    seen = b""
    elapsed = None
    while elapsed is None:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            seen += os.read(fd, 1 << 16)
        except OSError:
            break
        if LAST_LINE in seen:
            elapsed = (time.perf_counter() - start) * 1000
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    if elapsed is None:
        sys.exit("no first frame within 30 s")
    return elapsed


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    times = sorted(first_frame_ms(sys.argv[1:]) for _ in range(RUNS))
    print(
        "first frame: median %.1f ms, fastest %.1f ms, p90 %.1f ms over %d runs"
        % (times[len(times) // 2], times[0], times[int(len(times) * 0.9)], RUNS)
    )


if __name__ == "__main__":
    main()
