"""Page sources on object storage and other file systems, through fsspec.

A build config's source `path` may be an fsspec URI (`s3://bucket/archive`, `gs://…`,
`file:///data/raw`, `memory://raw`, any protocol fsspec knows; S3 needs `s3fs` installed, GCS
`gcsfs`). Its pages are listed and read through fsspec, so the nodes of a Ray cluster read them
straight from the store and no shared filesystem is needed. A path without `scheme://` is a local
path and never goes through here.

The listing mirrors `pages.find_pages` on a local folder: one folder's entries at a time, sorted
by name, recursing in that order, the same `pattern`; a page is named `<root name>/<path below
it>` as a local source's pages are, so the same tree gives the same ids from a URI as from a
local folder. On a local file system (`file://`) folders that are links are not entered and a
page file that links outside the source is refused unless `follow_symlinks`, as for local paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from baokan.errors import InputError, UsageError

_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_uri(path: object) -> bool:
    """Whether a source path is a URI (`scheme://…`) rather than a local path."""
    return isinstance(path, str) and bool(_URI_RE.match(path))


def filesystem(uri: str) -> tuple[Any, str]:
    """(the fsspec file system of `uri`, the path on it); a UsageError for a protocol fsspec does
    not know or whose package is not installed."""
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(uri)
    except (ValueError, ImportError) as exc:  # "Protocol not known: x", "Install s3fs to access S3"
        raise UsageError(f"{uri}: {exc}") from None
    return fs, str(path).rstrip("/") or "/"


def uri_exists(uri: str) -> bool:
    fs, path = filesystem(uri)
    return bool(fs.exists(path))


def find_uri_pages(uri: str, pattern: str, follow_symlinks: bool = False) -> Iterator[tuple[str, str]]:
    """(URI of each page file, its name `<root name>/<path below the root>`) of the file or folder
    `uri`, streamed in the order of `pages.find_pages`. The root of a single file is its folder."""
    from baokan.pages import printable_path

    fs, path = filesystem(uri)
    if fs.isdir(path):
        root = path
        local_root = Path(path).resolve() if _is_local(fs) and not follow_symlinks else None
        pages = _walk_sorted(fs, path, pattern, local_root)
    elif fs.isfile(path):
        root = str(PurePosixPath(path).parent)
        pages = iter([path])
    else:
        raise UsageError(f"{uri}: no such file or folder")
    for page in pages:
        below = page[len(root) :].lstrip("/")
        yield fs.unstrip_protocol(page), printable_path(f"{PurePosixPath(root).name}/{below}")


def _is_local(fs: Any) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def _walk_sorted(fs: Any, folder: str, pattern: str, local_root: Path | None) -> Iterator[str]:
    from baokan.pages import _check_link, _matches

    try:
        entries = fs.ls(folder, detail=True)
    except OSError as exc:
        raise InputError(fs.unstrip_protocol(folder), f"cannot list the folder: {exc}") from exc
    for entry in sorted(entries, key=lambda e: _name(e["name"])):
        name = str(entry["name"]).rstrip("/")
        if name == folder:
            continue  # some stores list a folder's own marker object
        if entry["type"] == "directory":
            if not entry.get("islink"):
                yield from _walk_sorted(fs, name, pattern, local_root)
        elif _matches(_name(name), pattern):
            if local_root is not None and entry.get("islink"):
                _check_link(Path(name), local_root)
            yield name


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def read_uri(uri: str) -> tuple[PurePosixPath, bytes]:
    """(the path of `uri` on its file system, its bytes); an InputError naming the URI when it
    cannot be read."""
    fs, path = filesystem(uri)
    if fs.isdir(path):
        raise InputError(uri, "is a folder, not a page file")
    try:
        return PurePosixPath(path), fs.cat_file(path)
    except OSError as exc:
        raise InputError(uri, f"cannot read: {exc.strerror or exc}") from exc


def read_uri_sidecar(uri: str, side: PurePath) -> tuple[str, bytes] | None:
    """(URI, bytes) of the sidecar `side` on the file system of the page `uri`; None without one."""
    fs, _ = filesystem(uri)
    where = fs.unstrip_protocol(str(side))
    if not fs.isfile(str(side)):
        return None
    try:
        return where, fs.cat_file(str(side))
    except OSError as exc:
        raise InputError(where, f"cannot read sidecar: {exc.strerror or exc}") from exc
