"""Write rows to CSV or XLSX as a stream, with every cell safe to open in a spreadsheet.

Rules owned here:
- a text cell beginning with = + - @ (or a tab/carriage return) is prefixed with an
  apostrophe, so a spreadsheet shows it as text instead of running it as a formula
  (CSV injection); numbers stay numbers;
- CSV is UTF-8 with a BOM (so Excel, including Chinese Excel, opens it correctly) and is
  produced chunk by chunk for a StreamingHttpResponse; XLSX uses openpyxl's write-only
  mode, so neither format holds the whole export in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK_ROWS = 500


def safe_cell(value: Any) -> Any:
    """Return `value` ready for a spreadsheet: formulas neutralised, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _csv_text(value: Any) -> str:
    cell = safe_cell(value)
    if isinstance(cell, dt.datetime):
        return cell.isoformat(timespec="seconds")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield the CSV text of `headers` and `rows` in chunks of CHUNK_ROWS rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([_csv_text(h) for h in headers])
    for count, row in enumerate(rows, 1):
        writer.writerow([_csv_text(v) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Export"
) -> int:
    """Write an XLSX workbook to `path` row by row; return the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Export")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
        count += 1
    book.save(path)
    return count


def _xlsx_value(value: Any) -> Any:
    cell = safe_cell(value)
    if isinstance(cell, dt.datetime) and cell.tzinfo is not None:
        return cell.replace(tzinfo=None)  # XLSX has no time zones; callers pass local time
    return cell
