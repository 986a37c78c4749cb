"""`baokan build`: config → release, reproducible across worker counts, nothing lost."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan.build import build
from baokan.config import load_config
from baokan.errors import InputError, InvalidDataError, UsageError
from baokan.release import verify_release
from release_helpers import tree_digest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"


def write_config(folder: Path, body: str = "", sources: str | None = None) -> Path:
    if sources is None:
        sources = '[[sources]]\npath = "raw"\npublication = "吕梁日报"\n'
    config = folder / "demo.toml"
    config.write_text(f'name = "demo"\nversion = "1.0.0"\nout = "releases"\n{body}\n{sources}', encoding="utf-8")
    return config


@pytest.fixture
def project(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "p1.txt")
    # a second page: the seed's second half, so its articles differ from the first page's
    lines = SEED.read_text(encoding="utf-8").split("\n")
    (raw / "p2.txt").write_text("\n".join(lines[300:]), encoding="utf-8")
    return tmp_path


def test_build_publishes_a_verified_release(project: Path) -> None:
    summary = build(load_config(write_config(project)), workers=1)
    release = summary.release
    assert release is not None and release.path == project / "releases" / "demo" / "1.0.0"
    assert summary.pages == 2 and summary.articles >= 5 and summary.pages_failed == 0
    assert verify_release(release.path).ok
    manifest = json.loads((release.path / "manifest.json").read_text())
    inputs = [json.loads(line) for line in (release.path / "inputs.jsonl").read_text().splitlines()]
    assert [i["name"] for i in inputs] == ["raw/p1.txt", "raw/p2.txt"]
    pages = [project / "raw" / "p1.txt", project / "raw" / "p2.txt"]
    assert [i["sha256"] for i in inputs] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in pages]
    assert manifest["inputs"] == {
        "count": 2,
        "bytes": sum(p.stat().st_size for p in pages),
        "records": summary.articles,
        "file": "inputs.jsonl",
    }
    assert manifest["config"]["name"] == "demo"
    # the seed's second half repeats articles of the first page: they are dropped as duplicates
    assert summary.duplicates == manifest["duplicates"]["count"] > 0
    assert manifest["duplicates"]["file"] == "duplicates.jsonl"
    dropped = [json.loads(line) for line in (release.path / "duplicates.jsonl").read_text().splitlines()]
    published = {r["id"] for r in _rows(release.path)}
    assert len(dropped) == summary.duplicates and [d["id"] for d in dropped] == sorted(d["id"] for d in dropped)
    assert all(d["kept"] in published and d["id"] not in published and d["kept"] < d["id"] for d in dropped)
    assert release.records == summary.articles - summary.duplicates


def test_build_reports_the_pages_ahead_before_segmenting(project: Path) -> None:
    events: list[tuple[str, str, int]] = []
    build(
        load_config(write_config(project)),
        workers=1,
        on_total=lambda stage, n: events.append(("total", stage, n)),
        progress=lambda stage, n: events.append(("done", stage, n)),
    )
    assert events[0] == ("total", "segment", 2)
    assert sum(n for kind, stage, n in events if kind == "done" and stage == "segment") == 2


def test_output_does_not_depend_on_workers(project: Path, tmp_path: Path) -> None:
    config = load_config(write_config(project))
    one = build(config.with_overrides(out=tmp_path / "one"), workers=1).release
    two = build(config.with_overrides(out=tmp_path / "two"), workers=2).release
    assert one is not None and two is not None
    assert tree_digest(one.path) == tree_digest(two.path)


def test_parallel_intake_of_the_spool_gives_the_same_release(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baokan import parallel
    from baokan.release import intake

    config = load_config(write_config(project))
    serial = build(config.with_overrides(out=tmp_path / "serial"), workers=1).release
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    calls = []
    real = intake.intake_parallel
    monkeypatch.setattr(intake, "intake_parallel", lambda *a: calls.append(1) or real(*a))
    parallel = build(config.with_overrides(out=tmp_path / "parallel"), workers=2).release
    assert calls, "the build's spool was not read by the parallel intake"
    assert serial is not None and parallel is not None
    assert tree_digest(serial.path) == tree_digest(parallel.path)


def test_unreadable_page_stops_the_build_unless_dropped(project: Path) -> None:
    (project / "raw" / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    config = load_config(write_config(project))
    with pytest.raises(InvalidDataError, match=r"broken\.txt"):
        build(config, workers=1)
    assert not (project / "releases" / "demo" / "1.0.0").exists()
    summary = build(config, workers=1, drop_invalid=True)
    assert summary.pages_failed == 1
    release = summary.release
    assert release is not None
    rejected = [json.loads(line) for line in (release.path / "rejected-pages.jsonl").read_text().splitlines()]
    assert rejected[0]["file"] == "raw/broken.txt" and "binary" in rejected[0]["error"]
    assert verify_release(release.path).ok


def test_fragments_are_kept_in_the_release(project: Path) -> None:
    release = build(load_config(write_config(project)), workers=1).release
    assert release is not None
    fragments = [json.loads(line) for line in (release.path / "fragments.jsonl").read_text().splitlines()]
    assert any("刘少伟" in f["text"] for f in fragments)


@pytest.mark.parametrize(
    ("body", "sources", "message"),
    [
        ("", "", "missing required field 'sources'"),
        ('colour = "red"', None, "unknown field(s) colour"),
        ("", '[[sources]]\npath = "nowhere"\n', "sources[0].path: "),
        ("[splits]\ntrain = 0.5\n", None, "splits: split ratios must sum to 1"),
        ("", '[[sources]]\npublication = "x"\n', "sources[0]: missing required field 'path'"),
    ],
)
def test_config_errors_name_file_and_field(project: Path, body: str, sources: str | None, message: str) -> None:
    config = write_config(project, body, sources)
    with pytest.raises(UsageError) as info:
        load_config(config)
    assert str(config) in str(info.value) and message in str(info.value)


def test_bad_toml_and_hostile_overrides(project: Path) -> None:
    bad = project / "bad.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(UsageError, match="invalid TOML"):
        load_config(bad)
    config = load_config(write_config(project))
    for version in ("1.0", "../1"):
        with pytest.raises(UsageError):
            config.with_overrides(version=version)
    with pytest.raises(UsageError):
        config.with_overrides(name="../x")


def test_new_version_changelog_names_exactly_the_changed_articles(project: Path) -> None:
    from baokan.release.diff import diff_releases

    config = load_config(write_config(project, "[splits]\ntrain = 0.5\ntest = 0.5\n"))
    first = build(config, workers=1).release
    assert first is not None
    page = project / "raw" / "p1.txt"
    text = page.read_text(encoding="utf-8")
    assert text.count("踔厉奋发") == 1
    page.write_text(text.replace("踔厉奋发", "踔厉奋进"), encoding="utf-8")
    second = build(config.with_overrides(version="1.0.1"), workers=1).release
    assert second is not None and not second.noop

    diff = diff_releases(first.path, second.path)
    old_rows = {r["id"]: r for r in _rows(first.path)}
    new_rows = {r["id"]: r for r in _rows(second.path)}
    changed = [i for i in new_rows if i in old_rows and new_rows[i] != old_rows[i]]
    # every article of the edited page gets the page's new sha256; one also has new text
    content_changed = [
        i
        for i in changed
        if {k: v for k, v in new_rows[i].items() if k != "source"}
        != {k: v for k, v in old_rows[i].items() if k != "source"}
    ]
    assert len(content_changed) == 1 and "踔厉奋进" in new_rows[content_changed[0]]["text"]
    assert [c[0] for c in diff.changed] == content_changed and not diff.added and not diff.removed
    assert sorted(i for i, _ in diff.provenance_only) == sorted(set(changed) - set(content_changed))
    changed = content_changed
    # untouched articles keep their ids and splits
    assert set(old_rows) == set(new_rows)
    assert {i: r["split"] for i, r in old_rows.items()} == {i: r["split"] for i, r in new_rows.items()}

    release_log = (second.path / "CHANGELOG.md").read_text(encoding="utf-8")
    dataset_log = (project / "releases" / "demo" / "CHANGELOG.md").read_text(encoding="utf-8")
    for log in (release_log, dataset_log):
        assert "## 1.0.1" in log and changed[0] in log
        assert not any(i in log for i in new_rows if i != changed[0])
    assert dataset_log.index("## 1.0.1") < dataset_log.index("## 1.0.0")
    assert verify_release(second.path).ok


def _rows(release: Path) -> list[dict]:
    import pyarrow.parquet as pq

    rows = []
    for shard in sorted((release / "data").glob("*.parquet")):
        split = shard.name.split("-")[0]
        rows.extend({**r, "split": split} for r in pq.read_table(shard).to_pylist())
    return rows


def test_config_pattern_must_name_files(project: Path) -> None:
    config = write_config(project, sources='[[sources]]\npath = "raw"\npattern = "*/p1.txt"\n')
    with pytest.raises(UsageError, match=r"sources\[0\]\.pattern: '\*/p1\.txt' is not allowed"):
        load_config(config)


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_pages_stream_in_sorted_rglob_order(tmp_path: Path) -> None:
    from baokan.build import iter_pages

    raw = tmp_path / "raw"
    # names where a folder and a file share a prefix, digits vs letters, hidden files, non-matches
    _tree(
        raw,
        [
            "a.txt",
            "a/b.txt",
            "a/a.txt",
            "a-b/c.txt",
            "a0.txt",
            "B/z.txt",
            ".hidden.txt",
            "a/deep/er/x.txt",
            "notes.md",
            "a/c.TXT",
            "z/.x/y.txt",
            "ab.txt",
        ],
    )
    (raw / "link").symlink_to(raw / "a", target_is_directory=True)  # not followed, like rglob
    config = load_config(write_config(tmp_path))
    expected = [p for p in sorted(raw.rglob("*.txt")) if p.is_file()]
    assert [Path(t.path) for t in iter_pages(config)] == expected
    assert [t.input_name for t in iter_pages(config)] == [f"raw/{p.relative_to(raw).as_posix()}" for p in expected]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "a.txt", "a-", "0", "b.txt", "ä.txt", "_"]), min_size=1, max_size=4),
        max_size=12,
    )
)
def test_page_order_is_rglob_order_for_any_tree(
    tmp_path_factory: pytest.TempPathFactory, paths: list[list[str]]
) -> None:
    from baokan.build import iter_pages

    root = tmp_path_factory.mktemp("tree")
    raw = root / "raw"
    raw.mkdir()
    for parts in paths:
        path = raw.joinpath(*parts)
        if any(p.is_file() for p in path.parents if p != raw and p.is_relative_to(raw)) or path.is_dir():
            continue  # a file cannot also be a folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    expected = [p for p in sorted(raw.rglob("*.txt")) if p.is_file()]
    if not expected:
        return
    config = load_config(write_config(root))
    assert [Path(t.path) for t in iter_pages(config)] == expected


def test_same_page_name_from_two_sources_is_refused(tmp_path: Path) -> None:
    from baokan.build import count_pages

    _tree(tmp_path / "one" / "raw", ["p.txt"])
    _tree(tmp_path / "two" / "raw", ["p.txt", "q.txt"])
    _tree(tmp_path / "other", ["p.txt"])
    sources = '[[sources]]\npath = "one/raw"\n[[sources]]\npath = "other"\n'
    assert count_pages(load_config(write_config(tmp_path, sources=sources))) == 2
    sources += '[[sources]]\npath = "two/raw"\n'
    with pytest.raises(UsageError, match=r"page listed twice \(as raw/p.txt\)"):
        count_pages(load_config(write_config(tmp_path, sources=sources)))


def test_many_unreadable_pages_are_all_listed_but_few_named(project: Path) -> None:
    from baokan.build import SHOWN_FAILURES

    broken = SHOWN_FAILURES + 3
    for i in range(broken):
        (project / "raw" / f"broken-{i:02d}.txt").write_bytes(b"\x00\x01binary\xff" * 20)
    config = load_config(write_config(project))
    with pytest.raises(InvalidDataError) as info:
        build(config, workers=2)
    message = str(info.value)
    assert f"{broken} of {broken + 2} pages could not be read" in message and "and 3 more" in message
    assert message.count("broken-") == SHOWN_FAILURES
    release = build(config, workers=2, drop_invalid=True).release
    assert release is not None
    rejected = [json.loads(line)["file"] for line in (release.path / "rejected-pages.jsonl").read_text().splitlines()]
    assert rejected == [f"raw/broken-{i:02d}.txt" for i in range(broken)]
    assert verify_release(release.path).ok


def test_an_unreadable_source_folder_is_an_input_error_not_a_write_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir
    raw = project / "raw"

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == raw:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError) as caught:
        build(load_config(write_config(project)), workers=1)
    assert str(caught.value) == f"{raw}: cannot list the folder: Permission denied"
    assert not (project / "releases" / "demo" / "1.0.0").exists()


def test_record_errors_of_a_build_name_the_page_not_the_work_folder(tmp_path: Path) -> None:
    # the work folder's articles.jsonl is removed when build ends: an error about its line 3 names
    # the page of that article and the article's first line there, as does "first seen at"
    from baokan.build import _errors_at_pages, _Work
    from baokan.validate import RecordError, duplicate_error

    work = _Work(tmp_path)
    pages = [("pages/a/p.txt", [3, 40]), ("pages/b/p.txt", [3, 40, 90])]
    lines, inputs = [], []
    for name, starts in pages:
        inputs.append(orjson.dumps({"name": name, "sha256": "0" * 64, "bytes": 1, "records": len(starts)}))
        lines += [orjson.dumps({"id": "x", "source": {"file": "p.txt", "line_start": s}}) for s in starts]
    work.inputs.write_bytes(b"\n".join(inputs) + b"\n")
    work.articles.write_bytes(b"\n".join(lines) + b"\n")
    articles = str(work.articles)
    errors = [
        duplicate_error(articles, 3, "x", (articles, 1)),
        RecordError(articles, 5, "$.title", "'' should be non-empty", "schema"),
        RecordError("elsewhere.jsonl", 2, "$.id", "kept as it is", "schema"),
    ]
    named = _errors_at_pages(errors, work)
    assert [(e.file, e.line, e.path) for e in named] == [
        ("pages/b/p.txt", 3, "$.id"),
        ("pages/b/p.txt", 90, "$.title"),
        ("elsewhere.jsonl", 2, "$.id"),
    ]
    assert named[0].message == "duplicate id 'x', first seen at pages/a/p.txt:3"


def test_the_same_page_in_two_folders_is_published_once_under_ids_of_its_own(tmp_path: Path) -> None:
    """The same file (name and bytes) in two subfolders of the sources: ids came from the file
    name, both copies shared them and every copy was dropped as a duplicate of itself (`10 records
    in, 0 out`, issue 11 item 2). Ids now name the file's path: one copy is published, the other
    is listed as a duplicate of it."""
    for folder in ("a", "b"):
        (tmp_path / "raw" / folder).mkdir(parents=True)
        shutil.copy(SEED, tmp_path / "raw" / folder / "p.txt")
    summary = build(load_config(write_config(tmp_path)), workers=1)
    assert summary.release is not None
    published = _rows(summary.release.path)
    dropped = [json.loads(line) for line in (summary.release.path / "duplicates.jsonl").read_text().splitlines()]
    assert summary.articles == 10 and len(published) == 5 and len(dropped) == 5
    kept = {r["id"] for r in published}
    assert all(d["kept"] in kept and d["id"] not in kept and d["kept"] != d["id"] for d in dropped)
    assert {r["source"]["file"] for r in published} == {"p.txt"}


def test_overlapping_sources_are_refused(tmp_path: Path) -> None:
    (tmp_path / "raw" / "sub").mkdir(parents=True)
    shutil.copy(SEED, tmp_path / "raw" / "sub" / "p.txt")
    sources = '[[sources]]\npath = "raw"\npublication = "x"\n\n[[sources]]\npath = "raw/sub"\npublication = "x"\n'
    with pytest.raises(UsageError, match="overlap"):
        build(load_config(write_config(tmp_path, sources=sources)), workers=1)


def test_a_page_whose_file_name_is_not_utf8_is_built_under_an_escaped_name(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, os.path.join(os.fsencode(raw), b"bad\xff\xfename.txt"))
    summary = build(load_config(write_config(tmp_path)), workers=1)
    assert summary.release is not None and summary.articles == 5 and verify_release(summary.release.path).ok
    inputs = [json.loads(line) for line in (summary.release.path / "inputs.jsonl").read_text().splitlines()]
    assert [i["name"] for i in inputs] == ["raw/bad\\xff\\xfename.txt"]
    assert {r["source"]["file"] for r in _rows(summary.release.path)} == {"bad\\xff\\xfename.txt"}


def test_no_release_file_names_the_machines_folders(tmp_path: Path) -> None:
    """A config with absolute `out` and source paths put those paths into README.md and
    manifest.json (issue 15): they are written relative to the config file, and the release is
    the same bytes wherever the project lies."""
    releases = []
    for where in ("one", "two"):
        project = tmp_path / where
        (project / "raw").mkdir(parents=True)
        shutil.copy(SEED, project / "raw" / "p1.txt")
        sources = f'[[sources]]\npath = "{project / "raw"}"\npublication = "吕梁日报"\n'
        config = project / "demo.toml"
        config.write_text(
            f'name = "demo"\nversion = "1.0.0"\nout = "{project / "releases"}"\n{sources}', encoding="utf-8"
        )
        release = build(load_config(config), workers=1).release
        assert release is not None
        releases.append(release.path)
        for path in release.path.rglob("*"):
            if path.is_file() and path.suffix in (".md", ".json", ".jsonl"):
                assert str(tmp_path) not in path.read_text(encoding="utf-8"), path
    manifest = json.loads((releases[0] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["out"] == "releases" and manifest["config"]["sources"][0]["path"] == "raw"
    assert tree_digest(releases[0]) == tree_digest(releases[1])
