"""The installed forms, and which of them a workbook is.

Built-in forms ship under resources/forms/; the user's own live in <data folder>/forms/ (imported from a
file another office gave, or learned from the office's workbook). A broken user file is reported and
skipped, never fatal. A workbook is matched to a form by what it shows: the `_meta` sheet of the tool's
own templates, the form number ("Biểu số 01/TDBV"), the title, the indicator table's headers and the set
of codes in it; each signal is scored, none is required.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.forms import Form, FormError, load_form
from desktop.io.atomic import atomic_target
from desktop.io.reader import TableTraces, Traces
from desktop.paths import resource
from desktop.settings import data_dir
from desktop.vntext import fold

# weights of the signals when the workbook has no `_meta` naming the form
WEIGHTS = {"table": 0.15, "codes": 0.45, "number": 0.25, "title": 0.15}
ACCEPT = 0.55  # a file is a form from this score on (and when its table was found)


class LibraryError(Exception):
    """A form cannot be imported or exported; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class InstalledForm:
    form: Form
    path: Path
    builtin: bool


@dataclass(frozen=True)
class Library:
    forms: tuple[InstalledForm, ...]
    problems: tuple[str, ...] = ()  # user form files skipped, one sentence each

    def get(self, form_id: str) -> InstalledForm | None:
        wanted = form_id.strip().casefold()
        return next((f for f in self.forms if f.form.id.casefold() == wanted), None)

    @property
    def ids(self) -> list[str]:
        return [f.form.id for f in self.forms]


def builtin_dir() -> Path:
    return resource("forms")


def user_forms_dir() -> Path:
    return data_dir() / "forms"


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.name.startswith("."))


def load_library(user_dir: Path | None = None) -> Library:
    """The built-in forms, then the user's; a user file that does not load (or repeats an id) is skipped."""
    forms = [InstalledForm(load_form(path), path, True) for path in _yaml_files(builtin_dir())]
    problems = []
    for path in _yaml_files(user_dir or user_forms_dir()):
        try:
            form = load_form(path)
        except FormError as exc:
            problems.append(f"Bỏ qua tệp biểu mẫu “{path.name}”: {exc}")
            continue
        twin = next((f for f in forms if f.form.id.casefold() == form.id.casefold()), None)
        if twin is not None:
            kind = "có sẵn" if twin.builtin else f"trong tệp “{twin.path.name}”"
            problems.append(f"Bỏ qua tệp biểu mẫu “{path.name}”: mã {form.id} trùng với biểu mẫu {kind}")
            continue
        forms.append(InstalledForm(form, path, False))
    return Library(tuple(forms), tuple(problems))


def _file_name(form_id: str) -> str:
    return re.sub(r"[^\w.-]+", "-", form_id).strip("-.") or "bieu-mau"


def import_form(source: str | Path, user_dir: Path | None = None) -> tuple[InstalledForm, bool]:
    """Install a form file into the user's folder; returns it and whether it replaced one of the same id.

    Raises FormError when the file is not a valid form, LibraryError when its id is a built-in form's."""
    source = Path(source)
    form = load_form(source)
    folder = user_dir or user_forms_dir()
    existing = load_library(folder).get(form.id)
    if existing is not None and existing.builtin:
        raise LibraryError(
            f"Biểu mẫu {form.id} là biểu mẫu có sẵn của chương trình, không thay được; "
            "hãy đặt mã khác trong tệp (trường “id”) rồi nhập lại"
        )
    target = existing.path if existing is not None else folder / f"{_file_name(form.id)}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"Không tạo được thư mục biểu mẫu “{folder}”: {exc.strerror or exc}") from exc
    text = source.read_text(encoding="utf-8")
    with atomic_target(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return InstalledForm(form, target, False), existing is not None


def export_form(form_id: str, target: str | Path, library: Library | None = None) -> Path:
    """Write an installed form's file (as it is, comments kept) to `target`, to give to another office."""
    library = library or load_library()
    installed = library.get(form_id)
    if installed is None:
        raise LibraryError(f"Không có biểu mẫu “{form_id}”; các biểu mẫu đã cài: {', '.join(library.ids)}")
    target = Path(target)
    with atomic_target(target) as temporary:
        temporary.write_text(installed.path.read_text(encoding="utf-8"), encoding="utf-8")
    return target


# Which form a workbook is --------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """How well a workbook fits one form: a score in [0, 1] and what differs, in Vietnamese and English."""

    form: Form
    score: float
    differences: tuple[str, ...]
    differences_en: tuple[str, ...]
    table: TableTraces | None

    @property
    def accepted(self) -> bool:
        return self.table is not None and self.score >= ACCEPT


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _title_score(title: str, texts: Sequence[str]) -> float:
    wanted = " ".join(fold(title).split())
    best = 0.0
    for text in texts:
        folded = " ".join(fold(text).split())
        if len(folded) < 0.5 * len(wanted) or len(folded) > 2 * len(wanted):
            continue
        best = max(best, difflib.SequenceMatcher(None, wanted, folded, autojunk=False).ratio())
    return best


def _codes_list(codes: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (", …" if len(codes) > limit else "")


def score_form(form: Form, traces: Traces) -> Match:
    """The form's score for a workbook, from its signals; a `_meta` naming the form (its own template) wins."""
    table = traces.tables.get(form.id)
    vi: list[str] = []
    en: list[str] = []
    meta_id = traces.meta.get("form_id")
    sheet = form.indicator_sheet
    if table is None and form.list_only:
        headers = ", ".join(f"“{c.header}”" for c in form.list_sheet.columns[:4])
        vi.append(f"không có danh sách với các cột {headers}")
        en.append(f"no list with the columns {headers}")
        codes = 0.0
    elif table is None:
        first = next(iter(sheet.value_columns.values()))
        vi.append(f"không có bảng chỉ tiêu với cột “{sheet.columns[sheet.match]}” và “{first}”")
        en.append(f"no indicator table with columns “{sheet.columns[sheet.match]}” and “{first}”")
        codes = 0.0
    else:
        missing = [c for c in form.codes if c not in table.codes]
        codes = len(table.codes) / (len(form.codes) + table.foreign)
        if missing:
            vi.append(f"thiếu {len(missing)}/{len(form.codes)} chỉ tiêu ({_codes_list(missing)})")
            en.append(f"{len(missing)}/{len(form.codes)} indicators missing ({_codes_list(missing)})")
        if table.foreign:
            vi.append(f"có {table.foreign} dòng chỉ tiêu không thuộc biểu mẫu")
            en.append(f"{table.foreign} indicator rows not in the form")
    compact = [_compact(t) for t in traces.texts]
    number = 0.0
    if form.form_number:
        wanted = _compact(form.form_number)
        number = 1.0 if wanted and any(wanted in c for c in compact) else 0.0
        if not number:
            vi.append(f"không thấy số biểu “{form.form_number}”")
            en.append(f"form number “{form.form_number}” not found")
    title = _title_score(form.title, traces.texts) if form.title.strip() else 0.0
    if form.title.strip() and title < 0.8:
        vi.append("tiêu đề khác")
        en.append("a different title")
    score = (
        WEIGHTS["table"] * (table is not None)
        + WEIGHTS["codes"] * codes
        + WEIGHTS["number"] * number
        + WEIGHTS["title"] * title
    )
    # a form without a number or a title: the other signals carry the whole weight
    absent = WEIGHTS["number"] * (not form.form_number) + WEIGHTS["title"] * (not form.title.strip())
    score /= 1 - absent
    if meta_id:
        if meta_id.casefold() == form.id.casefold():
            score = max(score, 1.0)
        else:
            score *= 0.5
            vi.append(f"trang _meta ghi biểu mẫu {meta_id}")
            en.append(f"the _meta sheet names form {meta_id}")
    return Match(form, round(min(score, 1.0), 3), tuple(vi), tuple(en), table)


def identify(traces: Traces, forms: Sequence[Form]) -> list[Match]:
    """Every form's match for a workbook, the best first."""
    return sorted((score_form(form, traces) for form in forms), key=lambda m: -m.score)
