"""Reading uploaded tables: any common encoding and delimiter, clear refusals, constant memory."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from openpyxl import Workbook

from rapport.integrations.imports.readers import BadFile, open_table


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows_of(path: Path) -> list[tuple[int, dict[str, str]]]:
    table = open_table(path)
    return [(row.number, row.values) for row in table.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_chinese_csv_reads_in_every_common_encoding(tmp_path, encoding):
    text = "公司名称,电话\n北京字节跳动科技有限公司,010-65529988\n华为技术,0755-28780808\n"
    path = write(tmp_path, "客户.csv", text.encode(encoding))

    assert rows_of(path) == [
        (2, {"公司名称": "北京字节跳动科技有限公司", "电话": "010-65529988"}),
        (3, {"公司名称": "华为技术", "电话": "0755-28780808"}),
    ]


def test_semicolon_and_tab_delimiters_are_recognised(tmp_path):
    semi = write(tmp_path, "a.csv", b"name;city\nAcme;Paris\n")
    tab = write(tmp_path, "b.csv", b"name\tcity\nAcme\tParis\n")

    assert rows_of(semi) == rows_of(tab) == [(2, {"name": "Acme", "city": "Paris"})]


def test_blank_rows_are_skipped_and_short_rows_padded_with_row_numbers_kept(tmp_path):
    path = write(tmp_path, "a.csv", b"\nname,city\nAcme,Paris\n,\nGlobex\n")

    assert rows_of(path) == [
        (3, {"name": "Acme", "city": "Paris"}),
        (5, {"name": "Globex", "city": ""}),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "empty"),
        ("a.csv", b"\n\n  \n", "empty"),
        ("a.csv", b"name,,city\nx,y,z\n", "Column 2 has no name"),
        ("a.csv", b"Name,name\nx,y\n", "Two columns are named"),
        ("a.xls", b"\xd0\xcf\x11\xe0 old excel", ".xls"),
        ("a.csv", b"\x00\x01\x02binary", "not a text file"),
        ("a.xlsx", b"PK\x03\x04 broken zip", "cannot be opened"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_reason(tmp_path, name, data, message):
    path = write(tmp_path, name, data)

    with pytest.raises(BadFile, match=message):
        rows_of(path)


def test_xlsx_reads_the_first_sheet_with_dates_and_whole_numbers_as_text(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Employees", "Since"])
    sheet.append(["Acme", 250.0, dt.date(2024, 3, 1)])
    sheet.append([None, None, None])
    sheet.append(["张伟 Co", 12, None])
    path = tmp_path / "companies.xlsx"
    book.save(path)

    assert rows_of(path) == [
        (2, {"Name": "Acme", "Employees": "250", "Since": "2024-03-01T00:00:00"}),
        (4, {"Name": "张伟 Co", "Employees": "12", "Since": ""}),
    ]


def test_a_large_csv_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("name,phone,email\n")
        for i in range(100_000):
            fh.write(f"Company {i},+86 138 {i:08d},c{i}@example.com\n")

    tracemalloc.start()
    count = sum(1 for _ in open_table(path).rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 100_000
    assert peak < 5 * 1024 * 1024  # the file is ~5 MB; reading it must not hold it
