"""The Compendium of good practices: one context, built only from released practices, rendered
as HTML, Word, PDF, a spreadsheet of the results, or a Compendium pack for members' apps.

Every renderer is registered in :data:`FORMATS` with its media type and file suffix; each takes
the :class:`~gcat.compendium.context.CompendiumContext` (or, for the pack, the released views).
"""
