"""Give back to the system the memory a large parse has freed (glibc only; elsewhere a no-op).

python-calamine parses a sheet on a worker thread, in Rust: every cell text is a small
allocation from that thread's glibc arena. Once the grid has become Python objects they
are freed, but glibc keeps the freed chunks of a thread arena mapped, and the reader's
next allocations, on the main thread, cannot reuse them. Near Excel's row limit that is
up to 250 MB of resident memory held for nothing, more or less depending on which
threads ran what: a refresh of 1,000,000 appraisals peaked anywhere from 1.75 to
1.99 GB, and at 1.72 GB every time once the arenas are trimmed after each parse.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, Windows, musl)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Return the free chunks of every malloc arena to the system; False where not supported."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
