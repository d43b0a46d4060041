"""Read an uploaded table (CSV or XLSX) as a stream of rows, whatever its encoding.

Rules owned here:
- rows are read lazily, one at a time, so a file of any length uses constant memory;
- a CSV's encoding is UTF-8 (with or without BOM) when it decodes as such, else GB18030
  (a superset of GBK/GB2312, what Chinese Excel writes), else Windows-1252; the delimiter
  is sniffed among , ; tab and |;
- the first non-empty row is the header; blank and duplicate column names are refused,
  naming the column; blank rows are skipped; row numbers are the spreadsheet's (header = 1);
- anything unreadable raises `BadFile` with a message a user can act on.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

MAX_COLUMNS = 200
SNIFF_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "gb18030", "cp1252")
XLSX_MAGIC = b"PK\x03\x04"


class BadFile(ValueError):
    """The file cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class Row:
    number: int  # 1-based line in the file, header included
    values: dict[str, str]


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[Row]
    encoding: str = ""


def open_table(path: Path, filename: str = "") -> Table:
    """Return the header and a lazy row iterator of the CSV or XLSX file at `path`."""
    name = (filename or path.name).lower()
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise BadFile(_("The file is empty."))
    if head.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return _open_xlsx(path)
    if name.endswith(".xls"):
        raise BadFile(_("Old .xls files cannot be read: save the sheet as .xlsx or CSV."))
    return _open_csv(path, head)


def detect_encoding(head: bytes) -> str:
    """Return the first candidate encoding that decodes `head` (ignoring a cut last char)."""
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    return ENCODINGS[-1]  # pragma: no cover - cp1252 decodes nearly every byte


def _open_csv(path: Path, head: bytes) -> Table:
    if b"\x00" in head:
        raise BadFile(_("This is not a text file: upload a CSV or XLSX file."))
    encoding = detect_encoding(head)
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample.split("\n", 20)[0] if "\n" in sample else sample, delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    fh = path.open(encoding=encoding, errors="replace", newline="")
    reader = csv.reader(fh, dialect)
    headers, start = _header(((i, r) for i, r in enumerate(reader, 1)), fh)
    return Table(headers, _csv_rows(reader, headers, start, fh), encoding)


def _header(
    numbered: Iterator[tuple[int, list[str]]], fh: IO[str] | None = None
) -> tuple[list[str], int]:
    for number, cells in numbered:
        if any(str(c).strip() for c in cells):
            return _check_headers(cells), number
    if fh:
        fh.close()
    raise BadFile(_("The file has no header row."))


def _check_headers(cells: Sequence[object]) -> list[str]:
    headers = [str(c).strip() if c is not None else "" for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise BadFile(
            _("The file has %(n)d columns; at most %(max)d can be imported.")
            % {"n": len(headers), "max": MAX_COLUMNS}
        )
    seen: set[str] = set()
    for index, header in enumerate(headers, 1):
        if not header:
            raise BadFile(_("Column %(n)d has no name in the header row.") % {"n": index})
        if header.casefold() in seen:
            raise BadFile(
                _("Two columns are named “%(name)s”: give each column its own name.")
                % {"name": header}
            )
        seen.add(header.casefold())
    return headers


def _csv_rows(
    reader: Iterator[list[str]], headers: list[str], start: int, fh: IO[str]
) -> Iterator[Row]:
    number = start
    try:
        for number, cells in enumerate(reader, start + 1):
            row = _row(number, headers, cells)
            if row:
                yield row
    except csv.Error as exc:
        raise BadFile(
            _("The CSV file is malformed near line %(n)d: %(error)s")
            % {"n": number + 1, "error": exc}
        ) from exc
    finally:
        fh.close()


def _row(number: int, headers: list[str], cells: Sequence[object]) -> Row | None:
    values = ["" if c is None else str(c).strip() for c in cells]
    if not any(values):
        return None
    values += [""] * (len(headers) - len(values))
    return Row(number, dict(zip(headers, values, strict=False)))


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise BadFile(
            _("The XLSX file cannot be opened; is it damaged or password-protected?")
        ) from exc
    sheet = book.worksheets[0]
    numbered = ((i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1))
    headers, _start = _header(numbered)

    def rows() -> Iterator[Row]:
        try:
            for number, cells in numbered:
                row = _row(number, headers, [_cell(c) for c in cells])
                if row:
                    yield row
        finally:
            book.close()

    return Table(headers, rows(), "xlsx")


def _cell(value: object) -> object:
    """Return an XLSX cell as import text: whole floats without ".0", dates as ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return value


def read_text(data: bytes) -> io.StringIO:
    """Return uploaded bytes as text in their detected encoding (for small files such as vCards)."""
    return io.StringIO(data.decode(detect_encoding(data[:SNIFF_BYTES]), errors="replace"))
