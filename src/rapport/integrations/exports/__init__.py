"""Export files: CSV, XLSX and vCard writers that stream, and the cell rules they share."""
