"""Per-item memory (hardening issue, item 8): segmenting one huge page and publishing one huge
record take a small multiple of the item (at most 8x) beyond what a small job takes. Before the fix a
100 MB page took 3.9 GB (39x) and a 100 MB record 953 MB.

Peak memory is read from the kernel's ru_maxrss of the command's process, run alone under a small
wrapper; this is a bound on memory, not on time (how long the runs take is the benchmark's job)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from records_factory import make_record

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
ITEM_BYTES = 16_000_000
MULTIPLE = 8
META = ["--publication", "吕梁日报", "--date", "2023-04-11", "--page", "1"]

# Runs a baokan command and prints the peak RSS (bytes) of the largest process among its children.
PEAK = """
import resource, subprocess, sys
proc = subprocess.run([sys.executable, "-c", "from baokan.cli import main; main()", *sys.argv[1:]],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if proc.returncode:
    sys.exit(proc.stderr.decode("utf-8", "replace"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def peak_bytes(*args: str) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_a_huge_page_is_segmented_in_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    small, huge = tmp_path / "small.txt", tmp_path / "huge.txt"
    small.write_text(seed, encoding="utf-8")
    copies = ITEM_BYTES // len(seed.encode("utf-8")) + 1
    huge.write_text("\n".join([seed] * copies), encoding="utf-8")
    size = huge.stat().st_size
    base = peak_bytes("segment", str(small), "-o", str(tmp_path / "s.jsonl"), "-j", "1", "-q", *META)
    big = peak_bytes("segment", str(huge), "-o", str(tmp_path / "h.jsonl"), "-j", "1", "-q", *META)
    assert big - base <= MULTIPLE * size, f"{(big - base) / size:.1f}x the page ({size:,} bytes)"


def test_a_huge_record_is_published_in_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    small, huge = tmp_path / "small.jsonl", tmp_path / "huge.jsonl"
    records = [make_record(n) for n in range(5)]
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    paragraph = "长江经济带横贯我国东中西三大区域。" * (ITEM_BYTES // 51)
    records[0]["paragraphs"] = [paragraph]
    records[0]["text"] = paragraph
    huge.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    size = huge.stat().st_size
    common = ["--name", "items", "--version", "1.0.0", "-q"]
    base = peak_bytes("publish", str(small), "--out", str(tmp_path / "a"), *common)
    big = peak_bytes("publish", str(huge), "--out", str(tmp_path / "b"), *common)
    assert big - base <= MULTIPLE * size, f"{(big - base) / size:.1f}x the record ({size:,} bytes)"
