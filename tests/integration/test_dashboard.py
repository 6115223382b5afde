"""The live dashboard in headless Chromium, against a real worker fed the seed article.

Needs Chromium (``apt-get install -y chromium``; ``NEWSSTREAM_CHROMIUM`` overrides the binary);
skips without it. ``NEWSSTREAM_UPDATE_SCREENSHOT=1`` also refreshes ``docs/dashboard.png``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from ..conftest import ROOT, SAMPLES, SEED
from .support import Worker, get, produce

pytestmark = [pytest.mark.integration, pytest.mark.model]

SUDANI = "person:mohammed-shia-al-sudani"
SCREENSHOT = ROOT / "docs" / "dashboard.png"
# A few records that must end as dead letters, so the dead-letter panel has something to show.
BAD_RECORDS = {
    b"this is not json": "not_json",
    b'["an", "array"]': "not_an_object",
    b'{"id": "nobody", "title": "no body"}': "no_body",
}


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser binary; skips (before the worker is seeded) when there is none."""
    explicit = os.environ.get("NEWSSTREAM_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):  # .ci/run installs it: a missing browser there is a failure, not a skip
        pytest.fail("Chromium is not installed (Debian: apt-get install -y chromium)")
    pytest.skip("Chromium is not installed (Debian: apt-get install -y chromium); dashboard test skipped")


def _fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def worker(kafka_broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(kafka_broker, tmp_path_factory.mktemp("dashboard"))
    w.start()
    yield w
    w.stop()


def _wait(worker: Worker, path: str, done: Any, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        status, body = get(f"{worker.url}{path}")
        if status == 200 and done(body):
            return body
        if time.monotonic() > deadline:
            pytest.fail(f"GET {path} never satisfied the condition: {status} {body}\n{worker.tail()}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def seeded(worker: Worker) -> dict[str, Any]:
    """The seed, the samples and a few bad records, all processed; returns the final /stats."""
    samples = [line for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    seed = orjson.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
    records = [(b"seed", seed), *((None, s) for s in samples), *((None, bad) for bad in BAD_RECORDS)]
    assert produce(worker, records) == len(records)
    english = sum(1 for s in samples if orjson.loads(s)["id"] != "sample-not-english") + 1
    stats = _wait(
        worker,
        "/stats",
        lambda b: b["dead_letters"] == len(BAD_RECORDS) + 1 and b["processed"].get("geo") == english,
    )
    _wait(worker, "/actors/top?window=1h&limit=50", lambda b: any(a["actor_id"] == SUDANI for a in b["actors"]))
    _wait(worker, "/locations/top?window=1h&limit=50", lambda b: len(b["places"]) > 0)
    return stats


def test_index_and_static_files_are_served(worker: Worker) -> None:
    status, headers, body = _fetch(f"{worker.url}/")
    assert status == 200, body[:200]
    assert headers["Content-Type"].startswith("text/html")
    assert "charset=utf-8" in headers["Content-Type"]
    assert headers["Cache-Control"] == "no-cache"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    html = body.decode()
    assert "<title>newsstream — live</title>" in html
    assert "http://" not in html and "https://" not in html  # nothing from the internet

    script = re.search(r'src="(static/dashboard\.js\?v=[0-9a-f]+)"', html)
    style = re.search(r'href="(static/dashboard\.css\?v=[0-9a-f]+)"', html)
    assert script and style
    status, headers, js = _fetch(f"{worker.url}/{script.group(1)}")
    assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "immutable" in headers["Cache-Control"]
    assert 50_000 < len(js) < 400_000
    assert b"https://" not in js.replace(b"http://www.w3.org/2000/svg", b"")
    status, headers, css = _fetch(f"{worker.url}/{style.group(1)}")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
    assert b"#map" in css and b"@import" not in css and b"url(http" not in css

    # An unversioned URL is cached briefly; a matching ETag revalidates with 304.
    status, headers, _ = _fetch(f"{worker.url}/static/dashboard.css")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=300"
    assert _fetch(f"{worker.url}/static/dashboard.css", {"If-None-Match": headers["ETag"]})[0] == 304


@pytest.mark.parametrize(
    "path",
    [
        "/static/missing.js",
        "/static/..%2F__init__.py",
        "/static/%2e%2e%2fapp.py",
        "/static/.hidden.js",
        "/static/../stream/app.py",
        "/static/dashboard.py",
        "/static/",
    ],
)
def test_static_rejects_unknown_names_and_traversal(worker: Worker, path: str) -> None:
    status, _, body = _fetch(f"{worker.url}{path}")
    assert status == 404, (path, body[:200])
    assert b"faust" not in body and b"import" not in body


def _browse(chromium: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1280,800",
        "--virtual-time-budget=8000",
        *extra,
        url,
    ]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _element(dom: str, pattern: str) -> str:
    match = re.search(pattern, dom, re.S)
    assert match, f"{pattern!r} not in the rendered page:\n{dom[:3000]}"
    return match.group(0)


def test_dashboard_renders_map_actors_and_dead_letters(
    chromium: str, worker: Worker, seeded: dict[str, Any], tmp_path: Path
) -> None:
    dom = _browse(chromium, f"{worker.url}/", tmp_path / "profile", "--dump-dom").stdout

    assert 'data-state="ready"' in dom, "an API call failed:\n" + dom[:3000]
    map_svg = _element(dom, r'<svg id="map".*?</svg>')
    assert map_svg.count("<path") > 100  # sphere, graticule, countries, borders
    bubbles = re.findall(r'<circle class="bubble"[^>]*data-count="(\d+)"', map_svg)
    assert bubbles and all(int(n) > 0 for n in bubbles)
    assert "<title>Baghdad, IQ:" in map_svg
    assert 'class="country hot"' in map_svg  # the places' countries are shaded

    actors = _element(dom, r'<table class="actors" id="actors">.*?</table>')
    assert "Mohammed Shia al-Sudani" in actors
    row = _element(actors, rf'<tr data-actor-id="{SUDANI}".*?</tr>')
    assert 'class="spark-line"' in row  # the 24 h series arrived
    assert re.search(r'class="count">7<', row)  # 7 mentions in the last hour

    # dead-letter rate = dead letters / (dead letters + cleaned), with the per-reason breakdown
    dead, clean = seeded["dead_letters"], seeded["processed"]["clean"]
    shown = re.search(r'id="dlq-rate"[^>]*>([0-9.]+)%<', dom)
    assert shown and abs(float(shown.group(1)) - 100 * dead / (dead + clean)) < 0.051
    assert f"{dead} dead letters of {dead + clean} records" in dom
    reasons = _element(dom, r'<ul class="reasons" id="dlq-reasons">.*?</ul>')
    for reason in [*BAD_RECORDS.values(), "unsupported_language"]:
        assert f'data-reason="{reason}"' in reasons

    _browse(chromium, f"{worker.url}/", tmp_path / "profile", f"--screenshot={tmp_path / 'dashboard.png'}")
    png = (tmp_path / "dashboard.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    if os.environ.get("NEWSSTREAM_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(png)
