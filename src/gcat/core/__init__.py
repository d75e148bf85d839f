"""The pure core: framework and assessment model, scoring and planning.

Nothing here touches files, databases, HTTP or the terminal.
"""
