"""The toolkit for the framework's authors: the framework as an editable workbook and back
(into a draft version beside the released ones), and published as one document."""
