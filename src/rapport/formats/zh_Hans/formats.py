"""Simplified Chinese formats: "2026年11月25日", "14:30", amounts grouped as "1,234.50".

Django's zh_Hans locale leaves numbers ungrouped ("1234.50"); Chinese finance and CRM
software (and the 人民币 amounts customers see on invoices) group by thousands with commas.
"""

DATE_FORMAT = "Y年n月j日"  # 2026年11月25日
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年11月25日 14:30
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年11月
MONTH_DAY_FORMAT = "n月j日"  # 11月25日
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-11-25
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-11-25 14:30
FIRST_DAY_OF_WEEK = 1  # 星期一

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-25 (what <input type="date"> sends)
    "%Y/%m/%d",  # 2026/11/25
    "%Y.%m.%d",  # 2026.11.25
    "%Y年%m月%d日",  # 2026年11月25日 (strptime also reads 2026年1月5日)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # 2026-11-25 14:30
    "%Y-%m-%d %H:%M:%S",  # 2026-11-25 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-11-25 14:30:59.000200
    "%Y/%m/%d %H:%M",  # 2026/11/25 14:30
    "%Y/%m/%d %H:%M:%S",  # 2026/11/25 14:30:59
    "%Y年%m月%d日 %H:%M",  # 2026年11月25日 14:30
    "%Y年%m月%d日 %H:%M:%S",  # 2026年11月25日 14:30:59
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
