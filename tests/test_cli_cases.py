"""Bad input, hostile arguments and broken files through the real `baokan` entry point.

Each case is a folder `tests/cases/cli/<command>/<name>/` with an `expected.json`:

    {
      "description": "what the case is about",
      "args": ["segment", "{tmp}/page.txt", "-o", "{tmp}/out.jsonl"],
      "generate": {"page.txt": "seed_utf16le"},      # inputs made by GENERATORS below, in {tmp}
      "write": {"c.toml": "name = \"x\"\\n..."},      # small text files written to {tmp}
      "setup": [["symlink", "{tmp}/a", "{tmp}/b"]],   # mkdir / symlink / write_file steps
      "exit_code": 1,
      "stderr_contains": ["..."], "stdout_contains": ["..."],
      "stderr_excludes": ["..."], "stderr_regex": ["^1 pages in, [1-9]\\d* articles out"],
      "files": {"{tmp}/out.jsonl": {"lines": 5, "contains": ["..."]}},
      "absent": ["{tmp}/out/demo/1.0.0"],             # must not exist afterwards
      "same_articles_as": "{seed}"                      # segment: the articles of that page
    }

Placeholders: {tmp} (the case's temporary folder, also the working directory), {case} (the case
folder), {seed} (the bundled UTF-8 page). Binary and large inputs are generated, small ones live in
the case folder.

Every case runs `python -c "from baokan.cli import main; main()"` with BAOKAN_DEBUG=1, so an
exception that reached the safety net in `main()` would show as a traceback: no case may print
"Traceback" or "internal error". Environment cases (full disk, read-only folders) are in
test_cli_file_systems.py.
"""

from __future__ import annotations

import codecs
import copy
import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from records_factory import make_records

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CASES = TESTS / "cases" / "cli"
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
BAOKAN = [sys.executable, "-c", "from baokan.cli import main; main()"]
COMMANDS = ("segment", "validate", "publish", "build", "verify")
META = ["--publication", "吕梁日报", "--date", "2023-04-11", "--page", "1"]


def run_baokan(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BAOKAN_DEBUG": "1", "PYTHONHASHSEED": "0"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [*BAOKAN, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        encoding="utf-8",
        errors="replace",
    )


# -------------------------------------------------------------------------------------- inputs


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _jsonl(records: list[Any]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def _records(n: int = 5) -> list[dict[str, Any]]:
    return make_records(n)


def _with_line(lines: bytes, at: int, line: bytes) -> bytes:
    rows = lines.splitlines(keepends=True)
    rows.insert(at, line)
    return b"".join(rows)


def _huge_record() -> bytes:
    rows = _records(3)
    big = copy.deepcopy(rows[1])
    big["paragraphs"] = ["长" * 7_000_000]  # 21 MB of UTF-8 in one paragraph
    big["text"] = big["paragraphs"][0]
    return _jsonl([rows[0], big, rows[2]])


def _wrong_types() -> bytes:
    rows = _records(3)
    rows[1]["title"] = 5
    rows[1]["source"]["page_number"] = "one"
    rows[1]["paragraphs"] = "not a list"
    return _jsonl(rows)


def _truncated_gzip() -> bytes:
    data = gzip.compress(_jsonl(_records(200)), mtime=0)
    return data[: len(data) // 2]


def _foreign_parquet(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"a": [1, 2], "b": ["x", "y"]}), path)


def _wrong_type_parquet(path: Path) -> None:
    """The article schema's column names, every column an integer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from baokan.schema import arrow_schema

    pq.write_table(pa.table({name: [1, 2] for name in arrow_schema().names}), path)


def _exotic_parquet(path: Path) -> None:
    """The article's column names holding Arrow types JSON has no word for (binary, decimal,
    timestamp, time, duration)."""
    import datetime
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    from baokan.schema import arrow_schema

    cols: dict[str, Any] = {name: ["x"] for name in arrow_schema().names}
    cols["title"] = pa.array([b"\xff\x00"], type=pa.binary())
    cols["kicker"] = pa.array([decimal.Decimal("1.5")])
    cols["subtitle"] = pa.array([datetime.datetime(2020, 1, 1)])
    cols["dateline"] = pa.array([datetime.time(1, 2)])
    cols["text"] = pa.array([datetime.timedelta(days=1)])
    pq.write_table(pa.table(cols), path)


def _release(tmp: Path, mutate: Callable[[Path], None] | None = None) -> None:
    """A valid release at {tmp}/rel/demo/1.0.0 (published through the library), then mutated."""
    from baokan.release import PublishOptions, publish

    src = tmp / "records.jsonl"
    src.write_bytes(_jsonl(_records(30)))
    publish([src], tmp / "rel", PublishOptions(name="demo", version="1.0.0"))
    if mutate is not None:
        mutate(tmp / "rel" / "demo" / "1.0.0")


def _tamper_shard(release: Path) -> None:
    shard = next((release / "data").glob("*.parquet"))
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF
    shard.write_bytes(bytes(data))


def _truncate_jsonl_gz(release: Path) -> None:
    shard = next((release / "jsonl").glob("*.jsonl.gz"))
    data = shard.read_bytes()
    shard.write_bytes(data[: len(data) // 2])


def _rm_first(pattern: str) -> Callable[[Path], None]:
    def mutate(release: Path) -> None:
        next(release.glob(pattern)).unlink()

    return mutate


def _write_in_release(rel: str, data: bytes) -> Callable[[Path], None]:
    def mutate(release: Path) -> None:
        (release / rel).write_bytes(data)

    return mutate


def _file(data: Callable[[], bytes]) -> Callable[[Path, Path], None]:
    return lambda path, case: path.write_bytes(data())


def _traditional(case: Path) -> str:
    return (case / "traditional.utf8.txt").read_text(encoding="utf-8")


_KOREAN = (
    "서울시는 오늘 새로운 교통 정책을 발표했다. 시민들은 대중교통을 더 편리하게 이용할 수 있게 될 것이라고\n"
    "시 관계자는 말했다. 이번 정책은 다음 달부터 시행되며, 버스와 지하철의 환승 시간이 늘어난다.\n"
) * 4
_JAPANESE = (
    "東京都は本日、新しい交通政策を発表した。市民は公共交通機関をより便利に利用できるようになると、\n"
    "都の担当者は述べた。この政策は来月から実施され、バスと地下鉄の乗り換え時間が延びる。\n"
) * 4


GENERATORS: dict[str, Callable[[Path, Path], None]] = {
    # pages
    "seed_utf8": _file(lambda: _seed_text().encode("utf-8")),
    "seed_utf8_bom": _file(lambda: codecs.BOM_UTF8 + _seed_text().encode("utf-8")),
    "seed_utf16le": _file(lambda: codecs.BOM_UTF16_LE + _seed_text().encode("utf-16-le")),
    "seed_utf16be": _file(lambda: codecs.BOM_UTF16_BE + _seed_text().encode("utf-16-be")),
    "seed_utf16le_no_bom": _file(lambda: _seed_text().encode("utf-16-le")),
    "seed_gb18030": _file(lambda: _seed_text().encode("gb18030")),
    "seed_crlf": _file(lambda: _seed_text().replace("\n", "\r\n").encode("utf-8")),
    "seed_cr": _file(lambda: _seed_text().replace("\n", "\r").encode("utf-8")),
    "seed_nul": _file(lambda: _seed_text().encode("utf-8")[:300] + b"\x00" + _seed_text().encode("utf-8")[300:]),
    "seed_truncated_utf8": _file(lambda: _seed_text().encode("utf-8") + "中".encode()[:2]),
    "binary": _file(lambda: bytes(range(256)) * 64),
    "undecodable": _file(lambda: bytes(range(0x80, 0x100)) * 64),
    "empty": _file(lambda: b""),
    "whitespace": _file(lambda: b"  \n\t\n \r\n\n   "),
    "huge_line": _file(
        lambda: (
            ("本报讯 " + _seed_text().replace("\n", "") * 700)
            .encode("utf-8")[:10_000_000]
            .decode("utf-8", "ignore")
            .encode("utf-8")
        )
    ),
    "trad_big5": lambda path, case: path.write_bytes(_traditional(case).encode("big5")),
    # Korean and Japanese pages decode as GB18030/Big5 without an error, into mojibake
    "korean_euc_kr": _file(lambda: _KOREAN.encode("euc-kr")),
    "korean_cp949": _file(lambda: _KOREAN.encode("cp949")),
    "japanese_euc_jp": _file(lambda: _JAPANESE.encode("euc-jp")),
    "japanese_shift_jis": _file(lambda: _JAPANESE.encode("shift_jis")),
    "trad_utf8": lambda path, case: path.write_bytes(_traditional(case).encode("utf-8")),
    # record files
    "records": _file(lambda: _jsonl(_records())),
    "records_broken_line": _file(lambda: _with_line(_jsonl(_records()), 2, b'{"id": "x", "title":\n')),
    "records_blank_line": _file(lambda: _with_line(_jsonl(_records()), 2, b"\n")),
    "records_huge": _file(_huge_record),
    "records_wrong_types": _file(_wrong_types),
    "records_duplicate_ids": _file(lambda: _jsonl([*_records(), _records()[2]])),
    "records_bom": _file(lambda: codecs.BOM_UTF8 + _jsonl(_records())),
    "records_not_objects": _file(lambda: _with_line(_jsonl(_records()), 2, b'[1, 2]\n"text"\nnull\n')),
    "records_invalid_utf8": _file(lambda: _with_line(_jsonl(_records()), 2, b'{"id": "\xff\xfe"}\n')),
    "records_nul": _file(lambda: _with_line(_jsonl(_records()), 2, b"\x00\x00\x00\n")),
    "records_deep": _file(lambda: b"[" * 100_000 + b"]" * 100_000 + b"\n" + _jsonl(_records())),
    "records_empty": _file(lambda: b""),
    "records_gz_truncated": _file(_truncated_gzip),
    # 4 GB of a record with no line end would take the memory; 70 MB past the 64 MiB limit show it
    "records_gz_no_line_end": _file(lambda: gzip.compress(b'{"id": "' + b"a" * 70_000_000, compresslevel=1, mtime=0)),
    "records_gz_not_gzip": _file(lambda: _jsonl(_records())),
    "records_gz": _file(lambda: gzip.compress(_jsonl(_records()), mtime=0)),
    "parquet_foreign": lambda path, case: _foreign_parquet(path),
    "parquet_wrong_types": lambda path, case: _wrong_type_parquet(path),
    "parquet_exotic": lambda path, case: _exotic_parquet(path),
    "parquet_not_parquet": _file(lambda: _jsonl(_records())),
    # releases (the key is ignored: always {tmp}/rel/demo/1.0.0)
    "release_ok": lambda path, case: _release(path.parent),
    "release_tampered_shard": lambda path, case: _release(path.parent, _tamper_shard),
    "release_truncated_jsonl_gz": lambda path, case: _release(path.parent, _truncate_jsonl_gz),
    "release_missing_card": lambda path, case: _release(path.parent, _rm_first("README.md")),
    "release_extra_file": lambda path, case: _release(path.parent, _write_in_release("notes.txt", b"hello\n")),
    "release_empty_manifest": lambda path, case: _release(path.parent, _write_in_release("manifest.json", b"")),
    "release_binary_manifest": lambda path, case: _release(
        path.parent, _write_in_release("manifest.json", bytes(range(256)))
    ),
    "release_manifest_array": lambda path, case: _release(path.parent, _write_in_release("manifest.json", b"[1, 2]\n")),
    "release_manifest_wrong_types": lambda path, case: _release(
        path.parent,
        lambda r: (r / "manifest.json").write_bytes(
            json.dumps({**json.loads((r / "manifest.json").read_bytes()), "records": -1, "files": "x"}).encode()
        ),
    ),
}


# -------------------------------------------------------------------------------------- cases


def _cases() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/*/expected.json"))


def _fill(value: Any, tmp: Path, case: Path) -> Any:
    if isinstance(value, str):
        return value.replace("{tmp}", str(tmp)).replace("{case}", str(case)).replace("{seed}", str(SEED))
    if isinstance(value, list):
        return [_fill(v, tmp, case) for v in value]
    if isinstance(value, dict):
        return {_fill(k, tmp, case): _fill(v, tmp, case) for k, v in value.items()}
    return value


def _articles(path: Path) -> list[tuple[Any, ...]]:
    """What must not depend on the page's encoding or line ends."""
    out = []
    for line in path.read_bytes().splitlines():
        r = orjson.loads(line)
        out.append(
            (
                r["title"],
                r["kicker"],
                r["subtitle"],
                r["byline"],
                r["paragraphs"],
                r["authors"],
                r["captions"],
                r["source"]["line_start"],
                r["source"]["line_end"],
                r["script"],
            )
        )
    return out


def test_case_counts() -> None:
    counts = {c: len(list((CASES / c).glob("*/expected.json"))) for c in COMMANDS}
    assert all(n >= 10 for n in counts.values()), counts


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cli_case(case: Path, tmp_path: Path) -> None:
    spec = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert spec["args"][0] == case.parent.name, "a case lives in the folder of its command"
    spec = _fill(spec, tmp_path, case)
    for name, text in spec.get("write", {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name, generator in spec.get("generate", {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        GENERATORS[generator](tmp_path / name, case)
    for step, *params in spec.get("setup", []):
        if step == "mkdir":
            Path(params[0]).mkdir(parents=True, exist_ok=True)
        elif step == "symlink":  # symlink LINK -> TARGET
            Path(params[0]).parent.mkdir(parents=True, exist_ok=True)
            Path(params[0]).symlink_to(params[1])
        else:
            raise AssertionError(f"unknown setup step {step!r}")

    proc = run_baokan(spec["args"], cwd=tmp_path)
    shown = f"\n--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr + proc.stdout, shown
    assert "internal error" not in proc.stderr, shown
    assert proc.returncode == spec["exit_code"], shown
    for text in spec.get("stderr_contains", []):
        assert text in proc.stderr, f"{text!r} not in stderr{shown}"
    for text in spec.get("stdout_contains", []):
        assert text in proc.stdout, f"{text!r} not in stdout{shown}"
    for pattern in spec.get("stderr_regex", []):
        assert re.search(pattern, proc.stderr, re.MULTILINE), f"/{pattern}/ not in stderr{shown}"
    for text in spec.get("stderr_excludes", []):
        assert text not in proc.stderr, f"{text!r} in stderr{shown}"
    for name, want in spec.get("files", {}).items():
        path = Path(name)
        assert path.is_file(), f"{path} was not written{shown}"
        data = path.read_bytes()
        if "lines" in want:
            assert len(data.splitlines()) == want["lines"], f"{path}: {len(data.splitlines())} lines"
        for text in want.get("contains", []):
            assert text in data.decode("utf-8"), f"{text!r} not in {path}"
    for name in spec.get("absent", []):
        assert not os.path.lexists(name), f"{name} exists{shown}"
    leftovers = [p for p in tmp_path.rglob(".tmp-*")] + [p for p in tmp_path.rglob(".build-*")]
    assert not leftovers, leftovers
    if "same_articles_as" in spec:
        ref_out = tmp_path / "reference.jsonl"
        ref = run_baokan(["segment", spec["same_articles_as"], "-o", str(ref_out), *META, "-q"], cwd=tmp_path)
        assert ref.returncode == 0, ref.stderr
        output = Path(spec["args"][spec["args"].index("-o") + 1])
        assert _articles(output) == _articles(ref_out)
        assert _articles(output), "the page gave no articles"
