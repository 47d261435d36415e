"""`make serve` (scripts/serve.py): both editions served from one address, and an edit to the data rebuilds only
the shards it touches, the page served then showing the edit."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from test_synthetic_district import synthesize

from conftest import REPO
from scripts.bench import change_one_unit

EDITED = "（已更新）"  # what scripts/bench.py's change_one_unit appends to a project's goal


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], str | None], *, seconds: float, what: str) -> str:
    """``check()``'s first answer that is not None, trying each second."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found is not None:
            return found
        time.sleep(1)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_serve_shows_both_editions_and_rebuilds_only_the_edited_shards(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synthesize(data, units=2, years=2, kinds="budget")
    log = tmp_path / "serve.log"
    port = free_port()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("BUDGET_")},
        "NO_MKDOCS_2_WARNING": "1",
        "BUDGET_DATA_DIR": str(data),
        "BUDGET_CHART_CACHE": str(tmp_path / "charts"),
        "BUDGET_VALIDATION_CACHE": str(tmp_path / "validation"),
        "BUDGET_SHARD_CACHE": str(tmp_path / "shards"),
    }
    command = [sys.executable, "scripts/serve.py", "--port", str(port), "--site", str(tmp_path / "site")]
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(command, cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        root = f"http://127.0.0.1:{port}/"
        home = wait_for(lambda: fetch(root), seconds=300, what="the first build")
        assert 'lang="zh-Hans"' in home
        english = fetch(root + "en/")
        assert english is not None and '<html lang="en"' in english
        page = root + "2025/unit-001/"
        assert EDITED not in (fetch(page) or "")
        built_first = log.read_text(encoding="utf-8").count(": built in")
        change_one_unit(data)

        def edited() -> str | None:
            text = fetch(page)
            return text if text is not None and EDITED in text else None

        wait_for(edited, seconds=300, what="the rebuild")
        second = log.read_text(encoding="utf-8").split("Detected file changes", 1)[1]
        assert set(re.findall(r"shard (\S+): built", second)) == {"zh-2025", "en-2025"}
        assert {"zh-site", "zh-2024", "en-site", "en-2024"} <= set(re.findall(r"shard (\S+): reused", second))
        assert built_first == 6
    finally:
        server.terminate()
        server.wait(timeout=30)
