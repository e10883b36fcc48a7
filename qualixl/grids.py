"""Sheet grids parsed by python-calamine on worker threads, handed over as soon as each is ready.

This is the one place where qualixl uses threads. python-calamine releases the GIL
while it parses a sheet's XML (about 0.6 s for 100,000 appraisals), so the reader can
type the sheets already parsed, and the CLI can finish importing pandas, while the
largest sheet is still being parsed: reading costs about the largest sheet's parse
plus its typing, instead of the sum over every sheet.

A CalamineWorkbook serves one thread at a time (python-calamine raises "Already
borrowed" otherwise), so each worker has its own, all opened at the start so that
every sheet comes from the same version of the file. An exception raised in a worker
is re-raised, as a QualixlError naming the sheet, in the thread that takes that grid.
This module imports neither pandas nor the pipeline, so that the CLI can start the
parse before loading them.
"""

from __future__ import annotations

import queue
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

import python_calamine

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.fileformat import ensure_xlsx
from qualixl.memory import release_freed_memory
from qualixl.safe_write import file_stamp, replaced_since

# Three: the contract's first two sheets (Paramètres, Indicateurs) are tiny, so the next three,
# the largest among them, start parsing at once.
WORKERS = 3
LARGE_SHEET_ROWS = 10_000  # below, the memory a parse frees is not worth a trim


class SheetGrids:
    """Start parsing sheets of the workbook at `path` at once; use as a context manager.

    `names` defaults to the contract sheets the workbook has (`schema.find_sheets`).
    Each grid is `CalamineSheet.to_python(skip_empty_area=False)`: rows of Python values,
    '' for an empty cell. `stamp` is the file's `safe_write.file_stamp` taken before the
    parse began, for a caller that must notice a save made while it works (None when the
    file could not be read). A file that cannot be opened raises nothing here: the reader
    reports it in French, and a grid taken anyway raises QualixlError.
    """

    def __init__(self, path: Path | str, names: Iterable[str] | None = None):
        self.path = Path(path)
        self.stamp: tuple[int, int, str] | None = None
        self._books: queue.SimpleQueue = queue.SimpleQueue()
        self._opened: list[python_calamine.CalamineWorkbook] = []
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="qualixl-calamine")
        self._futures: dict[str, Future] = {}
        self._open_error: Exception | None = None
        try:
            ensure_xlsx(self.path)  # bound the zip before calamine expands a byte of it
            self.stamp = file_stamp(self.path)
            for _ in range(WORKERS):
                book = python_calamine.CalamineWorkbook.from_path(str(self.path))
                self._opened.append(book)
                self._books.put(book)
            if names is None:
                names = schema.find_sheets(self._opened[0].sheet_names).values()
        except Exception as exc:  # missing, not a workbook, protected: the reader says which, in French
            self._open_error = exc
            names = ()
        self._futures = {name: self._pool.submit(self._parse, name) for name in names}

    def __enter__(self) -> SheetGrids:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take(self, name: str) -> list[list]:
        """The grid of `name`, waiting for its parse (started now if it was not asked for).

        Handed over once: the grid's memory goes with the caller's last reference to it.
        """
        future = self._futures.pop(name, None)
        if future is None:
            future = self._pool.submit(self._parse, name)
        try:
            holder = future.result()
        except Exception as exc:  # calamine raises several types for a damaged sheet
            if replaced_since(self.path, self.stamp):
                raise QualixlError(
                    f"{self.path.name} a été remplacé pendant sa lecture (enregistré dans Excel ou LibreOffice ?) : "
                    "rien n'a été écrit, relancez la commande."
                ) from exc
            raise QualixlError(f"La feuille « {name} » est illisible : {exc}") from exc
        return holder.pop()

    def in_ready_order(self, names: Iterable[str]) -> Iterator[str]:
        """`names`, in the order their parses finish (failed ones too: `take` raises for them)."""
        names = list(names)
        for name in names:
            if name not in self._futures:
                self._futures[name] = self._pool.submit(self._parse, name)
        waiting = {self._futures[name]: name for name in names}
        for future in as_completed(waiting):
            yield waiting[future]

    def close(self) -> None:
        """Drop the parses not started, wait for those running, close the workers' workbooks."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        for book in self._opened:
            book.close()
        self._opened.clear()

    def _parse(self, name: str) -> list[list[list]]:
        """The grid, in a one-item list that `take` empties: a Future keeps its result alive,
        and a million-row grid must be freed as soon as the reader has typed it."""
        if self._open_error is not None:
            raise self._open_error
        book = self._books.get()
        try:
            grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        finally:
            self._books.put(book)
        if len(grid) > LARGE_SHEET_ROWS:
            release_freed_memory()  # the parse's cell texts, freed in this thread's arena
        return [grid]
