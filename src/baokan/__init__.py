"""baokan: raw newspaper page text → clean, segmented, validated, versioned article datasets.

The Python API (`baokan.api`, documented in docs/api.md)::

    import baokan

    articles = baokan.segment_page(baokan.read_page("page.txt"))  # or baokan.segment_text(text)
    assert baokan.validate(articles).valid
    release = baokan.publish(articles, "releases", "demo", "1.0.0").path
    assert baokan.verify(release).ok
    dataset = baokan.load_release(release)

The functions are imported on first use: `import baokan` loads none of pyarrow, jsonschema or
datasets.

`baokan.validate` and `baokan.build` are these functions although `baokan/validate.py` and
`baokan/build.py` are modules too: importing one of those modules does not replace the function in
the package's namespace (`_Package`). Import from them by name (`from baokan.validate import
validate_paths`); `import baokan.validate as v` gives the function.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baokan.api import build, diff, load_release, publish, read_page, segment_page, segment_text, validate, verify

__version__ = "0.1.0"

# The API (docs/api.md gives it in the order of the stages)
__all__ = [
    "build",
    "diff",
    "load_release",
    "publish",
    "read_page",
    "segment_page",
    "segment_text",
    "validate",
    "verify",
]
API = frozenset(__all__)


def __getattr__(name: str) -> Any:
    if name in API:
        from baokan import api

        return getattr(api, name)
    raise AttributeError(f"module 'baokan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *API})


class _Package(ModuleType):
    """The `baokan` package, whose API functions keep their names when the import system sets a
    submodule of the same name (`baokan.validate`, `baokan.build`) as an attribute of it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in API and isinstance(value, ModuleType):
            return  # the module stays in sys.modules["baokan.<name>"]; `baokan.<name>` is the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
