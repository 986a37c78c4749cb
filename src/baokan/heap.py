"""Give the process's free heap back to the operating system between stages.

glibc keeps memory freed by Python and numpy in its arenas: after a stage that built large arrays
(the duplicate stage's per-article arrays, its band keys), the process stays as large as that
stage's peak, and the reader processes publish forks from it start with all those pages mapped.
`malloc_trim(0)` returns the arenas' free pages. Elsewhere than glibc there is nothing to call.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache

__all__ = ["release_free_memory", "return_free_pages"]


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    trim: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None)
    return trim


def release_free_memory() -> bool:
    """Collect garbage and return free heap pages to the OS; False where libc has no malloc_trim."""
    gc.collect()
    return return_free_pages()


def return_free_pages() -> bool:
    """Return free heap pages to the OS (no garbage collection); False where libc has no malloc_trim."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
