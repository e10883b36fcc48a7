"""What an import did, as figures for the journal and as French text for the user.

The counts keep one invariant, so an auditor can follow every response of the export:
read = added + already present + modified + incomplete. A modified response (known by
its tool identifier, its answers changed since its import) is never appended a second
time: its row is named, so staff decide what to keep. The export's SHA-256 identifies the file
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
    source: str  # google, microsoft, limesurvey, surveymonkey, typeform or csv
    read: int = 0  # responses in the export (empty rows aside)
    added: int = 0
    already_present: int = 0  # same ID in the sheet already, or twice in the export
    incomplete: int = 0  # unfinished responses (no submit date), skipped
    modified: list[int] = field(default_factory=list)  # sheet rows of responses edited in the tool since their import
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
    journal: bool = False  # logged in the Journal (in the same write as the rows)
    refresh_errors: int = 0  # errors the refresh found in the workbook (see Contrôles)
    sheet_name: str | None = None  # the responses sheet of an xlsx export
    xlsx: bool = False
    mapping_file: str | None = None  # the guessed mapping as a correspondance.toml, when incomplete

    @property
    def source_label(self) -> str:
        if self.source == "csv" and self.xlsx:
            return "fichier xlsx"
        return LABELS.get(self.source, self.source)

    @property
    def modified_text(self) -> str:
        """« N réponse(s) modifiée(s) depuis leur import, non réimportées (lignes …) », or ''."""
        if not self.modified:
            return ""
        shown = ", ".join(map(str, self.modified[:30])) + (" …" if len(self.modified) > 30 else "")
        return (f"{len(self.modified)} réponse(s) modifiée(s) depuis leur import, non réimportée(s) "
                f"(feuille {self.sheet}, ligne(s) {shown})")

    def as_dict(self) -> dict:
        """Plain values (paths as text), for the journal and for JSON output."""
        data = asdict(self)
        for key in ("plan", "export", "backup"):
            data[key] = str(data[key]) if data[key] is not None else None
        return data

    def journal_detail(self) -> str:
        """The import as the Journal records it: which file (its SHA-256) and what became of each response."""
        rows = f" ; lignes {self.rows[0]} à {self.rows[1]}" if self.rows else ""
        modified = f" ; {self.modified_text}" if self.modified else ""
        return (
            f"{self.export.name} ({self.source_label}), SHA-256 {self.export_sha256} : {self.read} lues, "
            f"{self.added} ajoutées, {self.already_present} déjà présentes, {len(self.modified)} modifiées, "
            f"{self.incomplete} incomplètes ignorées{rows}{modified}"
        )

    def summary(self) -> str:
        sheet = f", feuille « {self.sheet_name} »" if self.sheet_name else ""
        lines = [
            f"Import de {self.export.name} ({self.source_label}{sheet}) dans {self.plan.name}",
            f"Empreinte SHA-256 de l'export : {self.export_sha256}",
            "Correspondance des colonnes (à vérifier) :",
            *(f"  {target} ← {origin}" for target, origin in self.mapping),
        ]
        if self.not_imported:
            lines += ["Non importé :", *(f"  {item}" for item in self.not_imported)]
        if self.conversions:
            lines += ["Conversions :", *(f"  {item}" for item in self.conversions)]
        if self.mapping_file:
            lines += ["Correspondance incomplète : pour la compléter, enregistrez ceci dans correspondance.toml, "
                      "corrigez-le et relancez avec --mapping correspondance.toml :", self.mapping_file]
        lines.append(
            f"Réponses lues : {self.read} — ajoutées : {self.added}, déjà présentes : {self.already_present}, "
            f"modifiées : {len(self.modified)}, incomplètes ignorées : {self.incomplete}"
        )
        if self.modified:
            lines.append(f"Attention : {self.modified_text} — comparez-les à l'export et corrigez-les à la main si besoin.")
        if self.rows and self.ids:
            first, last = self.rows
            lines.append(f"Lignes {first} à {last} de la feuille {self.sheet} ({self.ids[0]} … {self.ids[-1]})")
        if self.warnings:
            lines += ["Avertissements :", *(f"  {item}" for item in self.warnings)]
        if self.dry_run:
            lines.append(f"Simulation (--dry-run) : rien n'a été écrit ; {self.added} réponse(s) seraient ajoutée(s).")
        elif not self.written:
            lines.append(f"Aucune nouvelle réponse dans {self.export.name} : le classeur n'a pas été modifié.")
        if self.journal:
            lines.append("Import inscrit au Journal ; tableau de bord et feuilles générées mis à jour, en une seule écriture.")
        if self.refresh_errors:
            lines.append(f"Le classeur contient {self.refresh_errors} erreur(s) : voir la feuille Contrôles "
                         f"(ou qualixl check {self.plan.name}).")
        if self.backup is not None:
            lines.append(f"Copie de l'original : {self.backup}")
        return "\n".join(lines)
