"""The validator against large hostile publication.yaml files: time and peak memory for each.

    python scripts/bench_yaml.py [--size BYTES]

Each case appends about ``--size`` bytes (1 MB by default) of one YAML construct to the seed's
publication.yaml in a copy of data/, then runs ``scripts/validate.py`` on it in a process of its own
and reports wall time, peak resident memory (from wait4) and the problem code it gave. The target
(issue 13): under 200 MB and a few seconds each, whatever the file holds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FACTS = Path("2024/liwan-digital-gov/publication.yaml")


def alias_bomb(size: int) -> str:
    lines = ["bomb0: &a0 [x, x, x, x, x, x, x, x, x]"]
    level = 1
    while sum(len(line) for line in lines) < size:
        lines.append(f"bomb{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
        level += 1
    return "\n".join(lines)


def many_anchors_late(size: int) -> str:
    """Plain data first, the first alias at the very end: the reader must not build first."""
    return many_scalars(size) + "\nlate: &x 1\nagain: *x"


def many_scalars(size: int) -> str:
    return "many: [" + ", ".join(["1.5"] * (size // 5)) + "]"


def many_keys(size: int) -> str:
    return "\n".join(f"key{index}: value" for index in range(size // 16))


def deep_flow(size: int) -> str:
    depth = size // 2
    return "deep: " + "[" * depth + "]" * depth


def deep_block(size: int) -> str:
    lines, indent = [], 0
    while sum(len(line) + 1 for line in lines) < size and indent < 4000:
        lines.append(" " * indent + "a:")
        indent += 1
    return "\n".join(lines) + " x"


def long_string(size: int) -> str:
    return "long: " + "预算" * (size // 6)


def long_block(size: int) -> str:
    return "block: |\n" + "\n".join("  " + "第" * 60 for _ in range(size // 200))


def many_documents(size: int) -> str:
    return "\n".join("---\na: 1" for _ in range(size // 9))


def tags(size: int) -> str:
    return "\n".join(f"t{index}: !!python/object/apply:os.system [echo]" for index in range(size // 48))


def huge_number(size: int) -> str:
    return "number: " + "9" * size


def control_characters(size: int) -> str:
    return "text: '" + "a\x07" * (size // 2) + "'"


CASES: dict[str, Callable[[int], str]] = {
    "alias bomb": alias_bomb,
    "alias after plain data": many_anchors_late,
    "300k scalars in a list": many_scalars,
    "60k keys": many_keys,
    "deep flow nesting": deep_flow,
    "deep block nesting": deep_block,
    "one long string": long_string,
    "long block scalar": long_block,
    "many documents": many_documents,
    "python tags": tags,
    "a 1 MB number": huge_number,
    "control characters": control_characters,
}


def run_validator(data: Path) -> tuple[float, float, str]:
    """Seconds, peak MiB of the validator process, and its first problem code."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "scripts/validate.py", str(data)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    codes = [line.split(": ", 1)[1].split(" ", 1)[0] for line in output.splitlines() if ": " in line]
    return seconds, usage.ru_maxrss / 1024, codes[0] if codes else "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of YAML per case (default 1 MB)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary) / "data"
        shutil.copytree(REPO / "data", data)
        seed_text = (REPO / "data" / FACTS).read_text(encoding="utf-8")
        baseline = run_validator(data)
        print(f"{'case':<26}{'bytes':>10}{'seconds':>9}{'peak MiB':>10}  code")
        print(
            f"{'seed (valid)':<26}{len(seed_text.encode()):>10}{baseline[0]:>9.2f}{baseline[1]:>10.0f}  {baseline[2]}"
        )
        for name, make in CASES.items():
            text = seed_text + "\n" + make(arguments.size) + "\n"
            (data / FACTS).write_text(text, encoding="utf-8")
            seconds, peak, code = run_validator(data)
            print(f"{name:<26}{len(text.encode()):>10}{seconds:>9.2f}{peak:>10.0f}  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
