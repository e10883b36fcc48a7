"""Write the grafted package: host entries in their order, then the new parts.

Host entries that are neither removed nor rewritten are copied compressed (ZipWriter.
copy_raw): no decompression, no recompression, same CRC. A host sheet that loses its
`tabSelected` is streamed through (decompressed and recompressed chunk by chunk) with
only that attribute gone. Parts taken over from the generated package unchanged
(charts, drawings, images) are copied compressed as well. A failure removes the
half-written file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualixl.ooxml.package import Package
from qualixl.ooxml.worksheet import deselected
from qualixl.ooxml.zipwriter import ZipWriter

NEW_PART_DATE = (1980, 1, 1, 0, 0, 0)
# zlib's default: a re-compressed staff sheet keeps its size (level 1 is 2x faster, 40% larger).
LEVEL = 6


def write_package(
    host: Package,
    output: Path,
    rewritten: dict[str, bytes],
    removed: set[str],
    deselect: list[str],
    added: dict[str, bytes | tuple[Package, str]],
) -> None:
    output = Path(output)
    try:
        with output.open("wb") as handle:
            writer = ZipWriter(handle)
            for info in host.infos:
                name = info.filename
                if name in removed:
                    continue
                if name in rewritten:
                    writer.write(name, rewritten[name], info.date_time, LEVEL)
                elif name in deselect:
                    writer.write_chunks(name, deselected(host.iter_chunks(name))[1], info.date_time, LEVEL)
                else:
                    writer.copy_raw(info, host.raw_chunks(info))
            for name, content in added.items():
                if isinstance(content, bytes):
                    writer.write(name, content, NEW_PART_DATE, LEVEL)
                else:
                    source, part = content
                    writer.copy_raw(_renamed(source.info(part), name), source.raw_chunks(source.info(part)))
            writer.close()
    except BaseException:
        output.unlink(missing_ok=True)
        raise


def _renamed(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    """`info` under another name (the compressed bytes do not depend on the name)."""
    renamed = zipfile.ZipInfo(name, info.date_time)
    renamed.compress_type, renamed.flag_bits = info.compress_type, info.flag_bits
    renamed.CRC, renamed.compress_size, renamed.file_size = info.CRC, info.compress_size, info.file_size
    return renamed
