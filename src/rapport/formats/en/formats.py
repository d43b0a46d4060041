"""English formats: "Nov 25, 2026", "2:30 PM", "1,234.50"; ISO dates in dense tables."""

DATE_FORMAT = "M j, Y"  # Nov 25, 2026
TIME_FORMAT = "g:i A"  # 2:30 PM
DATETIME_FORMAT = "M j, Y, g:i A"  # Nov 25, 2026, 2:30 PM
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "M j"  # Nov 25
# Table cells and exports: ISO order reads the same to American and British users.
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-11-25
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-11-25 14:30
FIRST_DAY_OF_WEEK = 0  # Sunday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-25 (what <input type="date"> sends)
    "%m/%d/%Y",  # 11/25/2026
    "%m/%d/%y",  # 11/25/26
    "%b %d %Y",  # Nov 25 2026
    "%b %d, %Y",  # Nov 25, 2026
    "%d %b %Y",  # 25 Nov 2026
    "%d %b, %Y",  # 25 Nov, 2026
    "%B %d %Y",  # November 25 2026
    "%B %d, %Y",  # November 25, 2026
    "%d %B %Y",  # 25 November 2026
    "%d %B, %Y",  # 25 November, 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%I:%M %p",  # 2:30 PM
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # 2026-11-25 14:30
    "%Y-%m-%d %H:%M:%S",  # 2026-11-25 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-11-25 14:30:59.000200
    "%m/%d/%Y %H:%M",  # 11/25/2026 14:30
    "%m/%d/%Y %H:%M:%S",  # 11/25/2026 14:30:59
    "%m/%d/%Y %I:%M %p",  # 11/25/2026 2:30 PM
    "%b %d, %Y %I:%M %p",  # Nov 25, 2026 2:30 PM
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
