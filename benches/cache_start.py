#!/usr/bin/env python3
"""Cold and warm starts with the catalog cache, and the one-shot search
against fzf, from one run.

    cargo build --release
    cargo run --release --example synth -- 100000 > big.json
    python3 -c '...' > big.txt     # the fzf text, see docs/performance.md
    python3 benches/cache_start.py ./target/release/medsets big.json big.txt [RUNS]

Uses a cache directory of its own (MEDSETS_CACHE_DIR), emptied before
every cold run. For each run prints: the TUI's first paint (its loading
screen) and the browser's first frame (whole process, as
benches/first_frame.py times them) cold and warm; `medsets --no-embedded
--catalog big.json search 'chest ct' --limit 20` cold and warm; `fzf
--filter 'chest ct' < big.txt | head -20`; and the warm search over fzf.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from first_frame import frame_times_ms  # noqa: E402

QUERY = "chest ct"


def seconds(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    medsets, catalog, text = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    cache = tempfile.mkdtemp(prefix="medsets-cache-bench-")
    os.environ["MEDSETS_CACHE_DIR"] = cache
    layers = ["--no-embedded", "--catalog", catalog]
    search = [medsets, *layers, "search", QUERY, "--limit", "20"]
    fzf = "fzf --filter '%s' < '%s' | head -20" % (QUERY, text)
    print("cpus %d, load average %s" % (os.cpu_count(), os.getloadavg()))
    try:
        for run in range(1, runs + 1):
            shutil.rmtree(cache)
            paint_cold, frame_cold = (t / 1000 for t in frame_times_ms([medsets, *layers]))
            paint_warm, frame_warm = (t / 1000 for t in frame_times_ms([medsets, *layers]))
            shutil.rmtree(cache)
            search_cold = seconds(search)
            search_warm = seconds(search)
            fzf_time = seconds(fzf, shell=True)
            print(
                "run %d: first paint cold %.3f s, warm %.3f s; browser's first frame "
                "cold %.2f s, warm %.2f s; search cold %.2f s, warm %.2f s; fzf %.2f s; "
                "warm search / fzf %.2f"
                % (
                    run,
                    paint_cold,
                    paint_warm,
                    frame_cold,
                    frame_warm,
                    search_cold,
                    search_warm,
                    fzf_time,
                    search_warm / fzf_time,
                )
            )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
