"""Submission: what one unit workbook reports, every value with the sheet and cell it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.issues import Issue


@dataclass(frozen=True)
class Located:
    """A label's value (unit name, period, dates) and where it was found."""

    value: Any
    sheet: str
    cell: str


@dataclass(frozen=True)
class Figure:
    """One indicator value: None when the cell could not be read as a whole number."""

    value: int | None
    sheet: str
    cell: str
    raw: Any = None


@dataclass(frozen=True)
class ListRow:
    """One row of the list sheet (Biểu 02): values by column key, and their cell addresses."""

    row: int
    values: dict[str, Any]
    cells: dict[str, str]


@dataclass
class Submission:
    path: str
    sheet: str | None = None
    labels: dict[str, Located] = field(default_factory=dict)
    figures: dict[str, dict[str, Figure]] = field(default_factory=dict)  # value column -> code -> figure
    list_sheet: str | None = None
    list_rows: list[ListRow] | None = None  # None when no list sheet was found
    meta: dict[str, str] = field(default_factory=dict)
    output: str | None = None  # "consolidated" or "annotated": a workbook this tool wrote (desktop.io.marks)
    issues: list[Issue] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        return self.sheet is not None

    def label(self, key: str) -> Any:
        located = self.labels.get(key)
        return located.value if located else None

    def values(self, column: str) -> dict[str, int | None]:
        return {code: f.value for code, f in self.figures.get(column, {}).items()}

    def filled(self, column: str) -> bool:
        """Whether the unit filled this column at all (the previous-year column is often left empty)."""
        return any(f.raw not in (None, "") for f in self.figures.get(column, {}).values())
