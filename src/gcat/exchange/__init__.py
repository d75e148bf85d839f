"""Exchange formats: workbooks, JSON exchange files, XLSForms and CSV exports."""
