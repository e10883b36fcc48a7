"""`docProps/app.xml`: the sheet titles Excel lists in the file's properties.

HeadingPairs is a list of (category, count) pairs and TitlesOfParts the titles of every
category, one after the other. Category names are localised ("Worksheets", "Feuilles de
calcul"), so the worksheet category is recognised by its titles, not by its name. The
part is only rewritten when it is consistent (counts add up to the titles); otherwise
it is left as it was (it is informative; Excel rewrites it on save).
"""

from __future__ import annotations

from lxml import etree

from qualixl.ooxml.xml import NS_EXTENDED, NS_VT, q


def update_titles(root: etree._Element, removed: list[str], added: list[str], sheet_names: set[str]) -> bool:
    """Drop `removed` titles and put `added` first among the worksheets; True if changed.

    `sheet_names` are the host's worksheet names that stay, used to find the category.
    """
    pairs_vec = root.find(f"{q(NS_EXTENDED, 'HeadingPairs')}/{q(NS_VT, 'vector')}")
    titles_vec = root.find(f"{q(NS_EXTENDED, 'TitlesOfParts')}/{q(NS_VT, 'vector')}")
    if pairs_vec is None or titles_vec is None:
        return False
    variants = list(pairs_vec)
    pairs = []
    for name_var, count_var in zip(variants[0::2], variants[1::2], strict=False):
        count_el = next((c for c in count_var if c.tag in (q(NS_VT, "i4"), q(NS_VT, "i2"), q(NS_VT, "int"))), None)
        if count_el is None or not (count_el.text or "").strip().isdigit():
            return False
        pairs.append((name_var, count_el))
    titles = list(titles_vec)
    if sum(int(c.text) for _, c in pairs) != len(titles) or not pairs:
        return False
    start, segment = 0, None
    known = set(removed) | sheet_names
    for index, (_, count_el) in enumerate(pairs):
        count = int(count_el.text)
        if any((t.text or "") in known for t in titles[start:start + count]):
            segment = index
            break
        start += count
    if segment is None:
        return False
    count_el = pairs[segment][1]
    count = int(count_el.text)
    leaving = set(removed)
    for title in titles[start:start + count]:
        if (title.text or "") in leaving:
            leaving.discard(title.text)
            titles_vec.remove(title)
            count -= 1
    for i, name in enumerate(added):
        el = etree.Element(q(NS_VT, "lpstr"))
        el.text = name
        titles_vec.insert(start + i, el)
    count_el.text = str(count + len(added))
    titles_vec.set("size", str(len(titles_vec)))
    return True
