"""Find the raw page files a release was built from, and read their lines.

A release does not hold its raw pages: it names them. inputs.jsonl (a build) lists every page as
"<source folder>/<path below it>" with its sha256; each record's `source` has the page's file
name and sha256. The page files are the build's inputs, found

1. in the folders given with `--pages DIR` (DIR holding the source folder, or being it), then
2. where the build read them: the manifest keeps the build config (sources relative to the config
   file, `out` the release root relative to it), so for a release at `<config dir>/<out>/<name>/
   <version>` the sources are found again from the release's own path.

A candidate is used only when its sha256 is the one the release recorded: a page edited since the
build would put the highlighted line ranges on the wrong lines.

A layout file (PDF, ALTO, hOCR, PaddleOCR) is shown as the segmenter numbered it: each of its
pages as page text in reading order (`segment.geometry.layout_text`), the pages one after the
other (`PageText.offsets`), with each page's geometry (its size and line boxes) to draw the
records' regions over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from baokan.browse.release import Release
from baokan.errors import InputError
from baokan.pagefs import is_uri

if TYPE_CHECKING:
    from baokan.pages import RawPage


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """One page of a layout file: its size, unit and the boxes of its lines (x0, y0, x1, y1)."""

    width: float
    height: float
    unit: str
    boxes: list[tuple[float, float, float, float]]
    photos: list[tuple[float, float, float, float]]


@dataclass(frozen=True, slots=True)
class PageText:
    """The lines of a raw page (1-based: `lines[0]` is line 1), or why they are not shown. For a
    layout file, the lines of its pages one after the other: page i's line n is line
    `offsets[i] + n`; `geometry[i]` is page i's geometry."""

    path: Path | None
    lines: list[str] | None
    problem: str | None = None  # why there are no lines, without local paths (it goes into the site)
    detail: str | None = None  # the same with the paths looked at (for the person running browse)
    offsets: list[int] = field(default_factory=lambda: [0])
    geometry: list[PageGeometry] = field(default_factory=list)

    def line_of(self, page_index: int | None, line: int) -> int:
        """The shown line number of a record's line `line` of page `page_index`."""
        index = page_index or 0
        return (self.offsets[index] if index < len(self.offsets) else self.offsets[-1]) + line


class PageLocator:
    def __init__(self, release: Release, page_dirs: Sequence[Path] = ()) -> None:
        self.page_dirs = [Path(d) for d in page_dirs]
        self.source_roots = _source_roots(release)

    def candidates(self, name: str, publication: str | None = None, date: str | None = None) -> list[Path]:
        """Where a page named `name` (an input name "<folder>/<path>", or a bare file name) may be."""
        parts = PurePosixPath(name).parts
        found: list[Path] = []
        for folder in self.page_dirs:
            found.append(folder / name)
            if len(parts) > 1:
                if parts[0] == folder.name:
                    found.append(folder.parent / name)
                found.append(folder.joinpath(*parts[1:]))
            elif publication and date:
                found.append(folder / publication / date / name)
        for root in self.source_roots:
            if len(parts) > 1 and parts[0] == root.name:
                found.append(root.parent / name)
        return list(dict.fromkeys(found))

    def read(self, name: str, sha256: str, publication: str | None = None, date: str | None = None) -> PageText:
        """The page's lines from the first candidate whose bytes have `sha256`."""
        from baokan.pages import read_page

        changed: list[str] = []
        for path in self.candidates(name, publication, date):
            if not path.is_file():
                continue
            try:
                raw = read_page(path)
            except InputError as exc:
                changed.append(f"{path}: {exc.message}")
                continue
            if raw.sha256 != sha256:
                changed.append(f"{path}: sha256 {raw.sha256[:12]}…, expected {sha256[:12]}…")
                continue
            return page_text(path, raw)
        if changed:
            problem = f"raw page {name} has changed since the build (its sha256 differs)"
            return PageText(None, None, problem, f"{problem}: {'; '.join(changed)}")
        where = [str(p) for p in self.candidates(name, publication, date)]
        problem = f"raw page {name} not found; pass --pages DIR with the build's page folder"
        looked = f" (looked at {', '.join(where)})" if where else " (nowhere to look: no page folder is known)"
        return PageText(None, None, problem, problem + looked)


def page_text(path: Path, raw: RawPage) -> PageText:
    """The lines of a page as its records number them (see the module docstring)."""
    if not raw.layout:
        return PageText(path, split_page_lines(raw.text))
    from baokan.segment.geometry import layout_text

    lines: list[str] = []
    offsets: list[int] = []
    geometry: list[PageGeometry] = []
    for page in raw.layout:
        laid = layout_text(page)
        offsets.append(len(lines))
        own = split_page_lines(laid.text)
        lines.extend(own[:-1] if own and own[-1] == "" else own)
        boxes = [hint.box for _, hint in sorted(laid.hints.items()) if hint.box is not None]
        photos = [(b.x0, b.y0, b.x1, b.y1) for b in page.images]
        geometry.append(PageGeometry(page.width, page.height, page.unit, boxes, photos))
    return PageText(path, lines, offsets=offsets, geometry=geometry)


def split_page_lines(text: str) -> list[str]:
    """The page's lines as the segmenter numbers them (`segment.lines.page_lines`: CRLF and CR
    are line ends; its character normalization keeps lengths and line ends, so the numbering is
    the same)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _source_roots(release: Release) -> list[Path]:
    """The folders the build read pages from, found from the release's path and its config."""
    config = release.config
    sources = config.get("sources")
    if not isinstance(sources, list):
        return []
    out = config.get("out", "releases")
    if not isinstance(out, str):
        return []
    out_dir = release.path.resolve().parent.parent
    out_path = PurePosixPath(out)
    if out_path.is_absolute():
        return []  # the config's folder cannot be told from an absolute `out`
    parts = [p for p in out_path.parts if p != "."]
    if ".." in parts or len(out_dir.parts) <= len(parts):
        return []
    if tuple(out_dir.parts[len(out_dir.parts) - len(parts) :]) != tuple(parts):
        return []  # built with another --out: the release is not where the config put it
    config_dir = out_dir.parents[len(parts) - 1] if parts else out_dir
    roots = []
    for source in sources:
        path = source.get("path") if isinstance(source, dict) else None
        if not isinstance(path, str) or is_uri(path):
            continue  # pages on object storage are not shown beside their records
        full = config_dir / path
        roots.append(full.parent if full.is_file() else full)
    return roots
