"""`build` with `[dedup]`: near copies dropped with their provenance, exact mode keeping near
copies in their cluster's split, the card stating the method, and config errors."""

from __future__ import annotations

import importlib
import json
import os
import shutil
from pathlib import Path

import pytest

from baokan.build import build
from baokan.config import load_config
from baokan.dedup.stage import DedupOutcome
from baokan.errors import InputError, UsageError
from release_helpers import tree_digest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"


def near_copy(text: str) -> str:
    """The page with one character of every third long line changed: a reprint with typos."""
    lines = text.split("\n")
    for k in range(0, len(lines), 3):
        line = lines[k]
        if len(line) > 12 and "本报" not in line and "记者" not in line:
            mid = len(line) // 2
            lines[k] = line[:mid] + ("某" if line[mid] != "某" else "甲") + line[mid + 1 :]
    return "\n".join(lines)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    shutil.copy(SEED, tmp_path / "a" / "p1.txt")
    (tmp_path / "b" / "p1.txt").write_text(near_copy(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(SEED, tmp_path / "c" / "p1.txt")  # an exact copy, printed later
    return tmp_path


def config(project: Path, dedup: str = "", splits: str = "") -> Path:
    sources = "".join(
        f'[[sources]]\npath = "{name}"\npublication = "吕梁日报"\ndate = "2023-04-1{day}"\n\n'
        for name, day in (("a", 0), ("b", 1), ("c", 2))
    )
    path = project / "demo.toml"
    path.write_text(f'name = "demo"\nversion = "1.0.0"\nout = "out"\n{splits}\n{dedup}\n{sources}', encoding="utf-8")
    return path


def rows(release: Path) -> list[dict]:
    import gzip

    out: list[dict] = []
    for path in sorted((release / "jsonl").glob("*.jsonl.gz")):
        split = path.name.split("-")[0]
        with gzip.open(path) as handle:
            out.extend({**json.loads(line), "_split": split} for line in handle.read().splitlines())
    return out


def duplicates(release: Path) -> list[dict]:
    path = release / "duplicates.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_near_mode_drops_the_later_copies_and_lists_their_provenance(project: Path) -> None:
    summary = build(load_config(config(project)), workers=1)
    release = summary.published.path
    published = rows(release)
    assert {r["source"]["date"] for r in published} == {"2023-04-10"}  # the earliest copy is kept
    dropped = duplicates(release)
    per_page = len(published)
    assert len(dropped) == summary.duplicates == 2 * per_page
    kept_ids = {r["id"] for r in published}
    assert [d["id"] for d in dropped] == sorted(d["id"] for d in dropped)
    for d in dropped:
        assert set(d) == {"id", "kept", "similarity", "publication", "date", "page", "file"}
        assert d["kept"] in kept_ids and 0.8 <= d["similarity"] <= 1.0
        assert d["publication"] == "吕梁日报"
        assert d["date"] in {"2023-04-11", "2023-04-12"} and d["file"] == "p1.txt"
    near = [d for d in dropped if d["date"] == "2023-04-11"]
    assert any(d["similarity"] < 1.0 for d in near) and all(d["similarity"] == 1.0 for d in dropped if d not in near)
    card = (release / "README.md").read_text(encoding="utf-8")
    assert f"duplicates dropped: {2 * per_page}, listed in `duplicates.jsonl`" in card
    assert "Duplicate search: near duplicates dropped, keeping the earliest copy" in card and "≥ 0.8" in card


def test_exact_mode_keeps_near_copies_in_their_clusters_split(project: Path) -> None:
    splits = "[splits]\ntrain = 0.5\ntest = 0.5\n"
    summary = build(load_config(config(project, '[dedup]\nmode = "exact"\n', splits)), workers=1)
    release = summary.published.path
    published = rows(release)
    assert {r["source"]["date"] for r in published} == {"2023-04-10", "2023-04-11"}
    assert {d["date"] for d in duplicates(release)} == {"2023-04-12"}  # only the exact copies
    assert all(d["similarity"] == 1.0 for d in duplicates(release))
    by_line: dict[int, set[str]] = {}
    for r in published:
        by_line.setdefault(r["source"]["line_start"], set()).add(r["_split"])
    assert len(by_line) * 2 == len(published)  # each article and its near copy
    assert all(len(s) == 1 for s in by_line.values()), by_line  # never in two splits
    assert len({next(iter(s)) for s in by_line.values()}) == 2  # both splits are used
    assert "near duplicates kept but put in their cluster's split" in (release / "README.md").read_text()


def test_off_mode_keeps_everything(project: Path) -> None:
    summary = build(load_config(config(project, '[dedup]\nmode = "off"\n')), workers=1)
    assert summary.duplicates == 0 and not duplicates(summary.published.path)
    assert len({r["source"]["date"] for r in rows(summary.published.path)}) == 3
    assert "Duplicate search: none" in (summary.published.path / "README.md").read_text()


def test_keep_longest_keeps_the_copy_with_most_text(project: Path) -> None:
    longer = SEED.read_text(encoding="utf-8").replace("着力推动产业转型", "着力推动产业转型升级发展")
    (project / "c" / "p1.txt").write_text(longer, encoding="utf-8")
    summary = build(load_config(config(project, '[dedup]\nkeep = "longest"\n')), workers=1)
    dates = {r["source"]["date"] for r in rows(summary.published.path)}
    assert "2023-04-12" in dates


def test_the_release_does_not_depend_on_workers(project: Path, tmp_path: Path) -> None:
    cfg = load_config(config(project, '[dedup]\nmode = "exact"\n', "[splits]\ntrain = 0.5\ntest = 0.5\n"))
    one = build(cfg.with_overrides(out=tmp_path / "o1"), workers=1).published.path
    two = build(cfg.with_overrides(out=tmp_path / "o2"), workers=2).published.path
    assert tree_digest(one) == tree_digest(two)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('[dedup]\nmode = "fuzzy"\n', "dedup.mode: 'fuzzy' is not one of ['near', 'exact', 'off']"),
        ("[dedup]\nthreshold = 1.5\n", "dedup.threshold: 1.5 is out of range (0 to 1)"),
        ('[dedup]\nkeep = "newest"\n', "dedup.keep: 'newest' is not one of"),
        ("[dedup]\nwindow = 3\n", "dedup: unknown field(s) window"),
    ],
)
def test_config_errors_name_the_line_and_key(project: Path, section: str, message: str) -> None:
    path = config(project, section)
    with pytest.raises(UsageError) as caught:
        load_config(path)
    line = path.read_text().split("\n").index(section.split("\n")[1]) + 1
    assert f"{path}:{line}: {message}" in str(caught.value)


def _with_an_earlier_printing(project: Path, dedup: str) -> tuple[dict[str, str], dict[str, str], Path]:
    """Release 1.0.0 of the project, then 1.1.0 after an earlier printing of the page arrives (it
    becomes every cluster's representative): each release's id → split, and the 1.1.0 folder."""
    splits = "[splits]\ntrain = 0.5\ntest = 0.5\n"
    first = build(load_config(config(project, dedup, splits)), workers=1).published.path
    (project / "z").mkdir()
    shutil.copy(project / "b" / "p1.txt", project / "z" / "p1.txt")
    path = config(project, dedup, splits)
    path.write_text(
        path.read_text() + '[[sources]]\npath = "z"\npublication = "吕梁日报"\ndate = "2023-04-01"\n', encoding="utf-8"
    )
    second = build(load_config(path).with_overrides(version="1.1.0"), workers=1).published.path
    return {r["id"]: r["_split"] for r in rows(first)}, {r["id"]: r["_split"] for r in rows(second)}, second


def test_changelog_says_which_articles_moved_split_and_why(project: Path) -> None:
    old, new, second = _with_an_earlier_printing(project, '[dedup]\nmode = "exact"\n')
    moved = sorted(i for i in old.keys() & new.keys() if old[i] != new[i])
    assert moved  # with these ids some clusters land in the other split
    changelog = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    title = "### Moved between splits (a split is the hash of the article's near-duplicate cluster representative)"
    assert f"{title} ({len(moved)})" in changelog
    for article_id in moved:
        line = next(x for x in changelog.splitlines() if x.startswith(f"- `{article_id}`"))
        assert line.startswith(
            f"- `{article_id}`: {old[article_id]} → {new[article_id]} (its near-duplicate cluster changed"
        )
    # and still no cluster straddles two splits
    by_line: dict[int, set[str]] = {}
    for r in rows(second):
        by_line.setdefault(r["source"]["line_start"], set()).add(r["_split"])
    assert all(len(s) == 1 for s in by_line.values())


def test_changelog_says_which_kept_copies_gave_way_to_an_earlier_one_in_near_mode(project: Path) -> None:
    # near mode publishes one copy per cluster; an earlier printing arriving in 1.1.0 replaces it
    old, new, second = _with_an_earlier_printing(project, "")
    dropped = {
        row["id"]: row["kept"]
        for row in map(json.loads, (second / "duplicates.jsonl").read_text(encoding="utf-8").splitlines())
    }
    replaced = sorted(i for i in old.keys() - new.keys() if i in dropped)
    assert replaced  # every kept copy of 1.0.0 gave way to the earlier printing
    changelog = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "### Replaced by another copy" in changelog and "### Removed" not in changelog
    for article_id in replaced:
        kept = dropped[article_id]
        line = next(x for x in changelog.splitlines() if x.startswith(f"- `{article_id}`"))
        where = old[article_id] if old[article_id] == new[kept] else f"{old[article_id]} → {new[kept]}"
        assert line.startswith(f"- `{article_id}` ({where}): now a near-copy of `{kept}` (similarity ")
    assert any(old[i] != new[dropped[i]] for i in replaced)  # some clusters changed split: said so


def _outcome_naming_its_process(articles: Path, out: Path, mode: str, params: object, workers: int) -> DedupOutcome:
    return DedupOutcome(mode, f"pid {os.getpid()}")


def test_duplicates_are_found_in_a_process_of_their_own(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the duplicate stage leaves in the heap must not be in the process that publishes next
    (and forks its readers): the stage runs in a child process, which ends with it."""
    build_module = importlib.import_module("baokan.build")  # the package's `build` is the function

    monkeypatch.setattr(build_module, "find_duplicates", _outcome_naming_its_process)
    work = build_module._Work(project)
    outcome = build_module._dedup_stage(load_config(config(project)), work, 2)
    assert outcome.method.startswith("pid ") and outcome.method != f"pid {os.getpid()}"


def test_a_bad_work_line_found_by_the_duplicate_process_names_its_file_and_line(project: Path) -> None:
    build_module = importlib.import_module("baokan.build")  # the package's `build` is the function

    work = build_module._Work(project)
    work.articles.write_text('{"id": "a", "text": "甲乙丙丁"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_module._dedup_stage(load_config(config(project)), work, 2)
    assert caught.value.path == str(work.articles) and caught.value.line == 2 and "text" in str(caught.value)
