"""The spreadsheet round trip: export the vocabulary as a workbook, import it back by cell."""
