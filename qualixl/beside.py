"""Run one piece of work in a forked second process while this one goes on (the machine's second core).

Why: a refresh is one Python process, and XlsxWriter costs some 25 µs per cell. The
sheets that list rows one by one (Boucle d'amélioration, Par formation) need only the
rows and their facts, not the checks nor the KPIs: a child forked once the workbook is
read shares the dataset already in memory (copy on write, nothing pickled), writes those
sheets into a package of their own while the parent checks, computes and renders the
others, and the graft takes both packages.

The child's only output is the file its work writes; its exit status says whether it
succeeded. It is forked on Linux only: elsewhere fork is missing (Windows) or unsafe once
system frameworks are loaded (macOS, where Python itself stopped forking by default). Off
Linux, when disabled (QUALIXL_ONE_PROCESS=1), or when the child failed in any way, `join`
runs the same work in this process: the result, and any error with its French message, is
then exactly the one-process run's. The child is killed with its parent (PR_SET_PDEATHSIG),
so a refresh killed mid-way leaves no process writing behind it; a parent that stops early
kills and reaps its child.

Memory: the child shares the parent's pages until it touches them, and it touches many
(reading a Python object writes its reference count): at 100,000 appraisals the pair
peaks at 0.5 GiB instead of 0.27, at a million at 3.3 GiB instead of 1.8. So it is forked
only when the machine has at least twice the parent's resident memory available, and the
work runs here otherwise: slower, never swapping.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

DISABLE = "QUALIXL_ONE_PROCESS"
_PR_SET_PDEATHSIG = 1


class Beside:
    """`work` started in a child process on entering the `with` block; `join()` before using what it
    writes. Forked on entering, so that the block's exit always reaps the child (a Ctrl-C between the
    fork and the block would otherwise leave it running)."""

    def __init__(self, work: Callable[[], None]):
        self._work = work
        self._pid: int | None = None
        self._joined = False

    def __enter__(self) -> Beside:
        if sys.platform.startswith("linux") and os.environ.get(DISABLE, "") in ("", "0") and room_for_a_copy():
            parent = os.getpid()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _run_child(self._work, parent)
            self._pid = pid
        return self

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def join(self) -> None:
        """Wait for the child; when there was none or it failed, do the work here."""
        if self._joined:
            return
        succeeded = self._pid is not None and _exit_code(self._pid) == 0
        self._pid = None
        self._joined = True
        if not succeeded:
            self._work()

    def cancel(self) -> None:
        """Stop the child (the parent failed, or is interrupted) and reap it."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _exit_code(self._pid)
            self._pid = None
        self._joined = True

    def __exit__(self, *exc: object) -> None:
        if not self._joined:
            self.cancel()


def room_for_a_copy() -> bool:
    """Whether the memory available holds twice this process's resident set: Linux's MemAvailable, and
    within a container, what its cgroup limit leaves (where MemAvailable is the host's)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, ValueError, IndexError, StopIteration):
        return False
    left = _cgroup_left()
    return min(available, left if left is not None else available) >= 2 * resident


def _cgroup_left() -> int | None:
    """Bytes the process's cgroup may still take (v2, then v1); None without a limit."""
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit_file, encoding="ascii") as f:
                limit = f.read().strip()
            with open(usage_file, encoding="ascii") as f:
                usage = int(f.read().strip())
        except (OSError, ValueError):
            continue
        if not limit.isdigit() or int(limit) >= 1 << 60:  # "max", or v1's "no limit" (a huge number)
            return None
        return int(limit) - usage
    return None


def _run_child(work: Callable[[], None], parent: int) -> None:
    """The child's whole life: never returns, never runs the parent's exit handlers nor flushes its buffers."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the child with its parent
        _die_with_parent(parent)
        work()
        code = 0
    except BaseException:  # noqa: BLE001 — the parent redoes the work and reports its error
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _exit_code(pid: int) -> int | None:
    try:
        _, status = os.waitpid(pid, 0)  # retried by Python when a signal interrupts it
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)
