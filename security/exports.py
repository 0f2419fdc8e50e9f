"""Spreadsheet exports from the admin never carry a live formula.

Every CSV download the admin offers (Wagtail's form submissions and reports, modeladmin and
viewset listings: the newsletter's subscribers and consent ledger, search and download reports)
is written by ``wagtail.admin.views.mixins.SpreadsheetExportMixin``. A cell a visitor typed that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by a
spreadsheet program (``=HYPERLINK(...)``, ``=cmd|...``): such a cell is written with a leading
apostrophe, which spreadsheets show as text. XLSX exports are already safe (Wagtail writes every
cell as a string there).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell that no spreadsheet reads as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def guard_spreadsheet_exports():
    """Wraps the one method every CSV row goes through, once per process."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        processed = original(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise(processed)
        return processed

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
