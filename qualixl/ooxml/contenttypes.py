"""`[Content_Types].xml`: the media type of every part, by extension or by part name.

Part names are compared case-insensitively (OPC). A new part gets an Override unless the
host already maps its extension to the same type (a host that lists every .rels part as
an Override, with no `Default Extension="rels"`, gets one for each .rels qualixl adds); the Overrides of removed parts go with
them, so no override dangles. Everything else (macro-enabled main type, Defaults for
bin/vml/png, producers' own entries) stays as the host wrote it.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from qualixl.ooxml.xml import NS_CT, q

_DEFAULT = q(NS_CT, "Default")
_OVERRIDE = q(NS_CT, "Override")

WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"


class ContentTypes:
    def __init__(self, root: etree._Element):
        self.root = root

    def _defaults(self) -> dict[str, str]:
        return {el.get("Extension", "").lower(): el.get("ContentType", "") for el in self.root.iter(_DEFAULT)}

    def _override(self, part: str) -> etree._Element | None:
        wanted = "/" + part.lstrip("/").lower()
        return next((el for el in self.root.iter(_OVERRIDE) if el.get("PartName", "").lower() == wanted), None)

    def get(self, part: str) -> str | None:
        """The content type of zip name `part`, or None when the package gives it none."""
        override = self._override(part)
        if override is not None:
            return override.get("ContentType")
        return self._defaults().get(extension(part))

    def remove(self, part: str) -> None:
        override = self._override(part)
        if override is not None:
            self.root.remove(override)

    def add(self, part: str, content_type: str) -> None:
        self.remove(part)
        if self._defaults().get(extension(part)) == content_type:
            return
        el = etree.SubElement(self.root, _OVERRIDE)
        el.set("PartName", "/" + part.lstrip("/"))
        el.set("ContentType", content_type)


def extension(part: str) -> str:
    """The extension OPC Defaults match ('rels' for `_rels/.rels`, whose name is all extension)."""
    base = posixpath.basename(part)
    return base.rsplit(".", 1)[1].lower() if "." in base else ""
