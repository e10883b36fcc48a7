"""Operating-system errors in French, with the full path they concern.

The system's own text (« Permission denied », « No space left on device ») is English
on most machines, and the file name it carries may be a temporary one or « . » for the
current folder. Every OSError a user can meet — a full disk or quota, a read-only
folder, a file held by another program, a name too long — becomes one French sentence
naming the absolute path, wrapped in QualixlError (exit code 2).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from qualixl.errors import QualixlError

REASONS = {
    errno.ENOSPC: "le disque est plein : libérez de la place puis relancez la commande",
    errno.EDQUOT: "votre quota de disque est atteint : libérez de la place puis relancez la commande",
    errno.EACCES: "accès refusé (droits insuffisants sur le fichier ou le dossier)",
    errno.EPERM: "opération non permise (droits insuffisants)",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.EROFS: "le disque est en lecture seule",
    errno.ENAMETOOLONG: "le nom du fichier est trop long",
    errno.EBUSY: "le fichier est utilisé par un autre programme",
    errno.ETXTBSY: "le fichier est utilisé par un autre programme",
    errno.EEXIST: "le fichier existe déjà",
    errno.EIO: "erreur de lecture ou d'écriture sur le disque",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EXDEV: "le fichier et sa destination sont sur des disques différents",
    errno.ELOOP: "trop de liens symboliques en chaîne",
    errno.EFBIG: "le fichier dépasse la taille permise",
}


def reason(exc: OSError) -> str:
    """The French reason of `exc` (the errno's text), never the system's English."""
    if exc.errno in REASONS:
        return REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0)
    return f"erreur du système ({code})" if code else "erreur du système"


def full_path(path: os.PathLike | str | None) -> str:
    """`path` made absolute (« . » is no folder a user recognises)."""
    if path is None or str(path) == "":
        return os.getcwd()
    return os.path.abspath(os.fspath(path))


def french(exc: OSError, action: str, path: os.PathLike | str | None = None) -> QualixlError:
    """QualixlError « Impossible de <action> <path> : <reason>. » for `exc`.

    `path` is the file the user knows (the workbook); the error's own file name, when it
    differs and is not one of qualixl's temporary files, is given as well.
    """
    shown = full_path(path if path is not None else exc.filename)
    text = f"Impossible {action} {shown} : {reason(exc)}"
    other = exc.filename
    if path is not None and other not in (None, "") and full_path(other) != shown \
            and ".qualixl-" not in os.fspath(other) and not Path(os.fspath(other)).name.startswith("qualixl-"):
        text += f" ({full_path(other)})"
    error = QualixlError(text + ".")
    error.__cause__ = exc
    return error
