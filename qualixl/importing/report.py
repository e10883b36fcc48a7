"""What an import did, as figures for the journal and as French text for the user.

The counts keep one invariant, so an auditor can follow every response of the export:
read = added + already present + incomplete. The export's SHA-256 identifies the file
imported; the mapping and the conversions are shown in full, because a wrong guess
(the wrong question taken as the overall note) would silently skew every rate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from qualixl import schema
from qualixl.importing.sources import LABELS


@dataclass
class ImportReport:
    plan: Path
    export: Path
    export_sha256: str
    source: str  # google, microsoft, limesurvey or csv
    read: int = 0  # responses in the export (empty rows aside)
    added: int = 0
    already_present: int = 0  # same ID in the sheet already, or twice in the export
    incomplete: int = 0  # unfinished responses (no submit date), skipped
    ids: list[str] = field(default_factory=list)  # IDs added (to be added, in a dry run)
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (Appréciations column, its origin)
    not_imported: list[str] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: tuple[int, int] | None = None  # first and last sheet rows written
    sheet: str = schema.APPRECIATIONS
    dry_run: bool = False
    written: bool = False
    backup: Path | None = None
    journal: bool = False  # logged in the Journal (by the refresh that follows the import)

    @property
    def source_label(self) -> str:
        return LABELS.get(self.source, self.source)

    def as_dict(self) -> dict:
        """Plain values (paths as text), for the journal and for JSON output."""
        data = asdict(self)
        for key in ("plan", "export", "backup"):
            data[key] = str(data[key]) if data[key] is not None else None
        return data

    def journal_detail(self) -> str:
        """The import as the Journal records it: which file (its SHA-256) and what became of each response."""
        rows = f" ; lignes {self.rows[0]} à {self.rows[1]}" if self.rows else ""
        return (
            f"{self.export.name} ({self.source_label}), SHA-256 {self.export_sha256} : {self.read} lues, "
            f"{self.added} ajoutées, {self.already_present} déjà présentes, {self.incomplete} incomplètes ignorées"
            f"{rows}"
        )

    def summary(self) -> str:
        lines = [
            f"Import de {self.export.name} ({self.source_label}) dans {self.plan.name}",
            f"Empreinte SHA-256 de l'export : {self.export_sha256}",
            "Correspondance des colonnes (à vérifier) :",
            *(f"  {target} ← {origin}" for target, origin in self.mapping),
        ]
        if self.not_imported:
            lines += ["Non importé :", *(f"  {item}" for item in self.not_imported)]
        if self.conversions:
            lines += ["Conversions :", *(f"  {item}" for item in self.conversions)]
        lines.append(
            f"Réponses lues : {self.read} — ajoutées : {self.added}, déjà présentes : {self.already_present}, "
            f"incomplètes ignorées : {self.incomplete}"
        )
        if self.rows and self.ids:
            first, last = self.rows
            lines.append(f"Lignes {first} à {last} de la feuille {self.sheet} ({self.ids[0]} … {self.ids[-1]})")
        if self.warnings:
            lines += ["Avertissements :", *(f"  {item}" for item in self.warnings)]
        if self.dry_run:
            lines.append(f"Simulation (--dry-run) : rien n'a été écrit ; {self.added} réponse(s) seraient ajoutée(s).")
        elif not self.written:
            lines.append("Aucune nouvelle réponse : le classeur n'a pas été modifié.")
        if self.journal:
            lines.append("Import inscrit au Journal ; tableau de bord et feuilles générées mis à jour.")
        if self.backup is not None:
            lines.append(f"Copie de l'original : {self.backup}")
        return "\n".join(lines)
