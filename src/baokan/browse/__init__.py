"""Look at a release: the numbers (`release_stats`), plots of them as inline SVG, and a static site
(`build_site`) with a searchable article list and one view per raw page that shows each article's
line range on the page it came from.

Layering: this package reads releases through `baokan.recordio` and `baokan.release`, raw pages
through `baokan.pages`; nothing here imports the CLI, and nothing below imports this.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "ReleaseStats": "baokan.browse.stats",
    "release_stats": "baokan.browse.stats",
    "render_stats_text": "baokan.browse.stats",
    "render_stats_json": "baokan.browse.stats",
    "SiteOptions": "baokan.browse.site",
    "SiteResult": "baokan.browse.site",
    "build_site": "baokan.browse.site",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'baokan.browse' has no attribute {name!r}")
    return getattr(import_module(module), name)
