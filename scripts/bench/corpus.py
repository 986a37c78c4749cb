"""The benchmark corpus: synthetic raw pages from baokan.devtools.pagegen, generated in parallel
(not timed) into WORK/corpus-SIZE-sSEED-pPART/ until their bytes reach the size, and reused when a
complete one for the same size, seed, source corpora and generator source is there."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .measure import log

CORPUS_FORMAT = 1
SOURCE_FILES = ("pku_2001_sample.txt", "sogou_news_sample.xml")
CHUNK_PAGES = 48

Key = tuple[str, str, int]  # (publication, date, page) of a page
Task = tuple[int, int, str, str]  # (page seed, index, relative path, publication)


@dataclass
class Corpus:
    path: Path
    pages: int
    bytes: int
    generated: bool
    seconds: float
    keys: list[Key]


def size_label(n: int) -> str:
    for unit, f in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n % f == 0:
            return f"{n // f}{unit}"
    return f"{n}B"


def source_corpora(folder: Path) -> Path | None:
    """The folder of source articles, or None when its files are absent (the generator then falls
    back to its small built-in corpus)."""
    folder = folder.resolve()
    if folder.is_dir() and any((folder / name).is_file() for name in SOURCE_FILES):
        return folder
    return None


# -- generation in worker processes -----------------------------------------------------------------

_GEN: dict[str, Any] = {}


def _gen_init(corpora: str | None, root: str) -> None:
    from baokan.devtools.pagegen import load_corpus

    _GEN["articles"] = load_corpus(corpora)
    _GEN["root"] = Path(root)


def _gen_chunk(chunk: list[Task]) -> list[int]:
    """Write the pages of `chunk`; their sizes in bytes."""
    from baokan.devtools.pagegen import generate_page

    sizes = []
    for page_seed, _index, rel, pub in chunk:
        path = _GEN["root"] / rel
        raw, _gold = generate_page(page_seed, _GEN["articles"], publication=pub, source=path.name)
        data = raw.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes.append(len(data))
    return sizes


def _plan(seed: int, used: set[Key]) -> Iterator[Task]:
    """The pages `pagegen.write_pages(out, n, seed)` writes, in order, skipping (publication, date,
    page) keys in `used` (earlier parts of a scaled corpus), which it extends."""
    from baokan.devtools.pagegen import page_plan

    i = 0
    while True:
        pub, date, page_no = page_plan(seed, i)
        while (pub, date, page_no) in used:
            page_no += 1
        used.add((pub, date, page_no))
        yield seed * 100_003 + i, i, f"{pub}/{date}/{page_no:02d}.txt", pub
        i += 1


def _fingerprint(corpora: Path | None) -> dict[str, Any]:
    import baokan.devtools.pagegen as pg

    fp: dict[str, Any] = {
        "format": CORPUS_FORMAT,
        "pagegen_sha256": hashlib.sha256(Path(pg.__file__).read_bytes()).hexdigest(),
        "corpora": None,
    }
    if corpora is not None:
        fp["corpora"] = {name: (corpora / name).stat().st_size for name in SOURCE_FILES if (corpora / name).is_file()}
    return fp


def _chunk_results(
    chunks: Iterator[list[Task]], corpora: str | None, root: Path, workers: int, size: int
) -> Iterator[list[int]]:
    """Sizes of the pages of each chunk, written in this process or in a pool with a few chunks in
    flight (Pool.imap would drain the endless chunk iterator)."""
    if workers <= 1 or size < 4 * 10**6:
        _gen_init(corpora, str(root))
        yield from map(_gen_chunk, chunks)
        return
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_gen_init, initargs=(corpora, str(root)))
    try:
        pending: deque[Any] = deque()
        while True:
            while len(pending) < 4 * workers:
                pending.append(pool.apply_async(_gen_chunk, (next(chunks),)))
            yield pending.popleft().get()
    finally:
        pool.terminate()
        pool.join()


def _generate(
    root: Path, size: int, seed: int, corpora: Path | None, used: set[Key], workers: int
) -> tuple[int, int, list[Key]]:
    """Write pages into `root` until their bytes reach `size`: (pages, bytes, their keys)."""
    plan = _plan(seed, used)
    dispatched: list[Task] = []

    def chunks() -> Iterator[list[Task]]:
        while True:
            chunk = [next(plan) for _ in range(CHUNK_PAGES)]
            dispatched.extend(chunk)
            yield chunk

    total = pages = 0
    results = _chunk_results(chunks(), str(corpora) if corpora is not None else None, root, workers, size)
    with contextlib.closing(results):
        for sizes in results:
            for s in sizes:
                total += s
                pages += 1
                if total >= size:
                    break
            if total >= size:
                break
    _drop_extra_pages(root, dispatched, pages, used)
    keys: list[Key] = []
    for _seed, _index, rel, pub in sorted(dispatched[:pages], key=lambda t: t[1]):
        _pub, date, name = rel.split("/")
        keys.append((pub, date, int(name[:-4])))
    return pages, total, keys


def _drop_extra_pages(root: Path, dispatched: list[Task], pages: int, used: set[Key]) -> None:
    """Pages beyond the one that reached the size may have been written by busy workers: remove
    them, their empty folders, and their keys from `used`."""
    for _seed, index, rel, pub in dispatched:
        if index >= pages:
            (root / rel).unlink(missing_ok=True)
            _pub, date, name = rel.split("/")
            used.discard((pub, date, int(name[:-4])))
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if not dirnames and not filenames and Path(dirpath) != root:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)


def ensure_corpus(
    work: Path, size: int, seed: int, part: int, corpora: Path | None, used: set[Key], workers: int
) -> Corpus:
    """Part `part` of the corpus (seed + part), generating it unless a complete one is there."""
    root = work / f"corpus-{size_label(size)}-s{seed}-p{part}"
    manifest = root / "corpus.json"
    key = {"size": size, "seed": seed, "part": part, **_fingerprint(corpora)}
    if manifest.is_file():
        try:
            info = json.loads(manifest.read_text())
        except ValueError:
            info = {}
        if info.get("key") == key:
            keys: list[Key] = [(str(a), str(b), int(c)) for a, b, c in info["keys"]]
            used.update(keys)
            log(f"reusing corpus {root} ({info['pages']} pages, {info['bytes'] / 1e6:.1f} MB)")
            return Corpus(root, info["pages"], info["bytes"], False, 0.0, keys)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    log(f"generating corpus part {part} ({size_label(size)}, seed {seed + part}) into {root} ...")
    t0 = time.perf_counter()
    pages, total, keys = _generate(root, size, seed + part, corpora, used, workers)
    seconds = time.perf_counter() - t0
    on_disk = sum(p.stat().st_size for p in root.rglob("*.txt"))
    if on_disk != total or sum(1 for _ in root.rglob("*.txt")) != pages:
        raise SystemExit(f"bench: corpus generation in {root} is inconsistent ({on_disk} vs {total} bytes)")
    manifest.write_text(json.dumps({"key": key, "pages": pages, "bytes": total, "seconds": seconds, "keys": keys}))
    log(f"generated {pages} pages, {total / 1e6:.1f} MB in {seconds:.1f} s")
    return Corpus(root, pages, total, True, seconds, keys)
