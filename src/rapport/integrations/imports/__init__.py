"""Import files: read CSV/XLSX row by row, map columns, validate, write in batches."""
