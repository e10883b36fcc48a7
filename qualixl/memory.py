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
import functools


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, Windows, musl).

    Looked up among the symbols the process already has (the C library is loaded), so
    no helper program is started to find it.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Return the free chunks of every malloc arena to the system; False where not supported."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
