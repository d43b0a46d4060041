"""Rapport's own date and number formats per language (settings.FORMAT_MODULE_PATH).

Django's defaults are close but not what a CRM wants: English dates drop the AP-style
"Nov." and "p.m.", and Chinese numbers are grouped by thousands with commas
(¥1,234.50, as Chinese business software writes amounts) instead of Django's ungrouped
"1234.50". Only the keys that differ from Django's locale files need to be here; the
rest falls back to Django's own `conf/locale/<lang>/formats.py`.
"""
