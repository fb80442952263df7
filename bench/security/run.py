"""Issue 24: does a login flood starve other users? Other users' latency of a plain GET against `polon serve`
on loopback, without a flood, and under a flood of 8 threads logging in, with and without the bound on login
work (POLON_LOGIN_SLOTS); see README.md.

    .venv/bin/python bench/security/run.py                  # every scenario, 30 s each
    .venv/bin/python bench/security/run.py --seconds 10 --scenarios quiet bounded
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "load"))

import harness  # noqa: E402

PASSWORD = "demo-polon-2025"
# The flood logs in as these (the demo's logins); the measured users are others, already logged in.
FLOODERS = ("analyst", "icrc", "liaison_uz", "auditor")
READERS = ("registrar", "liaison_kz")
PAGE = "/account/password/"  # a plain page every user may open: the session, a few queries, a template

SCENARIOS: dict[str, dict] = {
    # name: the server's environment, and the flood (None: no flood; "right": the right password every time,
    # so every attempt costs a password hash; "wrong": guesses from one address, which axes locks out; "page":
    # the login page only)
    "quiet": {"env": {"POLON_LOGIN_SLOTS": "1"}, "flood": None},
    "unbounded": {"env": {"POLON_LOGIN_SLOTS": "0"}, "flood": "right"},
    "bounded": {"env": {"POLON_LOGIN_SLOTS": "1"}, "flood": "right"},
    "slots-only": {"env": {"POLON_LOGIN_SLOTS": "1", "POLON_LOGIN_DUTY": "1"}, "flood": "right"},
    "bounded-wait": {"env": {"POLON_LOGIN_SLOTS": "1", "POLON_LOGIN_WAIT_SECONDS": "0.2"}, "flood": "right"},
    "guessing": {"env": {"POLON_LOGIN_SLOTS": "1"}, "flood": "wrong"},
    # The control: 8 threads asking for the login page only (no password checked), what any request flood costs.
    "page-flood": {"env": {"POLON_LOGIN_SLOTS": "1"}, "flood": "page"},
}


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def session(url: str, username: str):
    """A requests session logged in through the form (GET for the CSRF token, POST)."""
    import requests

    s = requests.Session()
    for _attempt in range(20):
        page = s.get(f"{url}/login/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = s.post(f"{url}/login/", data={"csrfmiddlewaretoken": token, "username": username,
                                                "password": PASSWORD}, allow_redirects=False, timeout=60)
        if answer.status_code == 302:
            return s
        time.sleep(0.5)
    raise SystemExit(f"error: {username} could not log in ({answer.status_code})")


def flood(url: str, kind: str, index: int, stop: threading.Event, counts: dict, lock: threading.Lock) -> None:
    """One flooding thread: log in again and again (a fresh session each time, as a script would)."""
    import requests

    username = FLOODERS[index % len(FLOODERS)]
    while not stop.is_set():
        s = requests.Session()
        try:
            page = s.get(f"{url}/login/", timeout=60)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            if kind == "page":
                with lock:
                    counts[page.status_code] = counts.get(page.status_code, 0) + 1
                continue
            password = PASSWORD if kind == "right" else f"guess-{index}-{time.monotonic_ns()}"
            answer = s.post(f"{url}/login/", data={"csrfmiddlewaretoken": token, "username": username,
                                                    "password": password}, allow_redirects=False, timeout=60)
            status = answer.status_code
        except (requests.RequestException, AttributeError):
            status = 0
        with lock:
            counts[status] = counts.get(status, 0) + 1


def measure(url: str, seconds: float, flood_kind: str | None) -> dict:
    readers = [session(url, name) for name in READERS]
    stop, lock, counts = threading.Event(), threading.Lock(), {}
    flooders = [threading.Thread(target=flood, args=(url, flood_kind, i, stop, counts, lock))
                for i in range(8)] if flood_kind else []
    for t in flooders:
        t.start()
    time.sleep(2 if flooders else 0)  # the flood under way
    latencies: list[float] = []
    failures = 0

    def read(s) -> None:
        nonlocal failures
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            began = time.perf_counter()
            status = s.get(f"{url}{PAGE}", timeout=120, allow_redirects=False).status_code
            took = time.perf_counter() - began
            with lock:
                if status == 200:
                    latencies.append(took)
                else:
                    failures += 1
            time.sleep(0.1)

    began = time.monotonic()
    reading = [threading.Thread(target=read, args=(s,)) for s in readers]
    for t in reading:
        t.start()
    for t in reading:
        t.join()
    elapsed = time.monotonic() - began
    stop.set()
    for t in flooders:
        t.join()
    attempts = sum(counts.values())
    return {"reads": len(latencies), "read_failures": failures, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "max": max(latencies) if latencies else float("nan"),
            "mean": statistics.fmean(latencies) if latencies else float("nan"),
            "login_attempts_per_s": attempts / elapsed if flooders else 0.0, "login_statuses": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=list(SCENARIOS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="polon-bench-security-") as tmp:
        workdir = Path(tmp)
        log = workdir / "setup.log"
        for name in args.scenarios:
            scenario = SCENARIOS[name]
            env = harness.fresh_copy("sqlite", "demo", harness.DEFAULT_PG, workdir, log, tag=name)
            env.update(scenario["env"])
            env["POLON_LOGIN_SLOT_DIR"] = str(workdir / f"slots-{name}")
            with harness.Server(env, workdir, workers=args.workers, job_worker=False) as server:
                deadline = time.monotonic() + 300
                import requests

                while True:
                    try:
                        if requests.get(f"{server.url}/login/", timeout=5).status_code == 200:
                            break
                    except requests.RequestException:
                        pass
                    if time.monotonic() > deadline:
                        raise SystemExit("error: the server did not start")
                    time.sleep(0.5)
                harness.say(f"{name}: measuring {args.seconds:.0f} s ({harness.load_avg()})")
                results[name] = {**measure(server.url, args.seconds, scenario["flood"]), "load": harness.load_avg()}
                harness.say(f"{name}: {json.dumps(results[name])}")
    print()
    print("| scenario | server's bound | flood | reads | p50 ms | p95 ms | max ms | login attempts/s | answers |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(r["login_statuses"].items()))
        bound = " ".join(f"{k.removeprefix('POLON_LOGIN_')}={v}" for k, v in SCENARIOS[name]["env"].items())
        print(f"| {name} | {bound} | {SCENARIOS[name]['flood'] or '—'} | "
              f"{r['reads']} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {r['max'] * 1000:.0f} | "
              f"{r['login_attempts_per_s']:.1f} | {answers or '—'} |")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
