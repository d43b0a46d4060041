"""Export writers: formula cells are neutralised, Chinese text survives, output streams."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rapport.integrations.exports.writers import CHUNK_ROWS, csv_chunks, safe_cell, write_xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+86 138 0013 8000", "'+86 138 0013 8000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Acme", "Acme"),
        (None, ""),
        (-5, -5),
        (Decimal("-1.50"), Decimal("-1.50")),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised_and_numbers_are_kept(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_a_bom_keeps_chinese_and_neutralises_cells():
    text = "".join(csv_chunks(["名称", "备注"], [["华为", "=1+2"], ["Acme", None]]))

    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["名称", "备注"],
        ["华为", "'=1+2"],
        ["Acme", ""],
    ]


def test_csv_is_produced_in_chunks_rather_than_all_at_once():
    rows = ([str(i)] for i in range(CHUNK_ROWS * 3 + 1))

    chunks = list(csv_chunks(["n"], rows))

    assert len(chunks) == 4


def test_xlsx_keeps_types_and_neutralises_formulas(tmp_path):
    path = tmp_path / "out.xlsx"
    when = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)

    count = write_xlsx(
        path, ["Name", "Amount", "At", "Note"], [["华为", 12.5, when, "=cmd|' /C calc'!A0"]]
    )

    sheet = load_workbook(path).active
    assert count == 1
    assert [c.value for c in sheet[1]] == ["Name", "Amount", "At", "Note"]
    assert [c.value for c in sheet[2]] == [
        "华为",
        12.5,
        dt.datetime(2026, 11, 25, 9, 30),
        "'=cmd|' /C calc'!A0",
    ]
    assert sheet[2][3].data_type == "s"
