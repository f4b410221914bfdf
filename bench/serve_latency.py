#!/usr/bin/env python3
"""Measure how long `briefing serve` takes to show an edited article (used by bench/run).

Starts `briefing serve --root CORPUS --port 0`, waits for its first build, then RUNS times:
waits until the server is idle (no build under way), appends a sentence with a unique marker to one article (a different one each run, chosen
deterministically) and measures the time from the write until /__briefing/version reports a
new version AND the article's page (sources/<id>.html) shows the marker, polling every 10 ms.
The edited articles are restored afterwards, and the server is stopped (SIGTERM, its own pid).

Prints one line per run ("latency <seconds>") and, at the end, "serve_peak_rss_kb <KB>"
(VmHWM of the server process) and "initial_build <seconds>".
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

POLL = 0.010
TIMEOUT = 300.0


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, b""


def version(base):
    status, body = get(base + "__briefing/version")
    if status != 200:
        return None
    try:
        return json.loads(body)["version"]
    except (ValueError, KeyError):
        return None


def building(base):
    status, body = get(base + "__briefing/version")
    if status != 200:
        return True
    try:
        return bool(json.loads(body).get("building", False))
    except ValueError:
        return True


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--briefing", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--offset", type=int, default=0, help="shifts which articles are edited")
    args = ap.parse_args()

    articles_dir = os.path.join(args.root, "content", "articles")
    files = sorted(f for f in os.listdir(articles_dir) if f.endswith(".md"))
    if not files:
        sys.exit(f"no articles in {articles_dir}")

    start = time.monotonic()
    proc = subprocess.Popen(
        [args.briefing, "serve", "--root", args.root, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    originals = {}
    try:
        base = None
        for line in proc.stdout:
            m = re.search(r"Serving .* at (http://\S+)", line)
            if m:
                base = m.group(1)
                if not base.endswith("/"):
                    base += "/"
                break
        if base is None:
            sys.exit("briefing serve exited before serving")
        # Drain the server's output so that it never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        while version(base) is None:
            time.sleep(POLL)
        print(f"initial_build {time.monotonic() - start:.3f}", flush=True)

        for run in range(args.runs):
            name = files[(args.offset + 7919 * (run + 1)) % len(files)]
            path = os.path.join(articles_dir, name)
            article_id = name[: -len(".md")]
            with open(path, "rb") as f:
                originals.setdefault(path, f.read())
            marker = f"benchmark-edit-{args.offset}-{run}"
            page = base + "sources/" + urllib.request.quote(article_id) + ".html"
            # From an idle server, as when an analyst edits, looks, then edits again: the
            # previous run's rebuild of the rest of the site (lists, exports) has ended.
            time.sleep(0.3)
            while building(base):
                time.sleep(POLL)
            before = version(base)
            t0 = time.monotonic()
            with open(path, "ab") as f:
                f.write(f"\n\nResidents said the road was reopened later ({marker}).\n".encode())
            seen_version = False
            while True:
                elapsed = time.monotonic() - t0
                if elapsed > TIMEOUT:
                    sys.exit(f"no new version showing {marker} after {TIMEOUT} s")
                if not seen_version:
                    v = version(base)
                    seen_version = v is not None and before is not None and v > before
                if seen_version:
                    status, body = get(page)
                    if status == 200 and marker.encode() in body:
                        break
                time.sleep(POLL)
            print(f"latency {time.monotonic() - t0:.4f}", flush=True)
        rss = peak_rss_kb(proc.pid)
        if rss is not None:
            print(f"serve_peak_rss_kb {rss}", flush=True)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for path, data in originals.items():
            with open(path, "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
