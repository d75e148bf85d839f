"""The message codes of practice texts, spelled out so that the catalogue test sees each one.

Section titles (numbered as in Annex I), short labels (for the app and the Compendium),
instructions, workbook columns, workflow statuses, quality findings and manifest reasons.
"""

from __future__ import annotations

__all__ = [
    "COLUMN",
    "FIELD",
    "HELP",
    "LABEL",
    "LANGUAGE_NAME",
    "MANIFEST_REASON",
    "MEASURE",
    "QUALITY",
    "SECTION",
    "STATUS",
]

SECTION = {
    "member": "practices.section_member",
    "title": "practices.section_title",
    "domains": "practices.section_domains",
    "background": "practices.section_background",
    "description": "practices.section_description",
    "results": "practices.section_results",
    "measurable_results": "practices.section_measurable_results",
    "challenges": "practices.section_challenges",
    "future_plans": "practices.section_future_plans",
    "links": "practices.section_links",
    "consent": "practices.section_consent",
}
"""Annex I section titles, with their Roman numerals."""
LABEL = {
    "member": "practices.label_member",
    "contact": "practices.label_contact",
    "title": "practices.label_title",
    "domains": "practices.label_domains",
    "thematic_areas": "practices.label_thematic_areas",
    "gcat_indicators": "practices.label_gcat_indicators",
    "background": "practices.label_background",
    "description": "practices.label_description",
    "results": "practices.label_results",
    "measurable_results": "practices.label_measurable_results",
    "challenges": "practices.label_challenges",
    "future_plans": "practices.label_future_plans",
    "links": "practices.label_links",
    "consent": "practices.label_consent",
    "withheld": "practices.label_withheld",
    "lang": "practices.label_lang",
    "region": "practices.label_region",
    "status": "practices.label_status",
}
"""Short labels of fields and sections (headings in the Compendium, form labels in the app)."""
HELP = {
    "member": "practices.help_member",
    "contact": "practices.help_contact",
    "title": "practices.help_title",
    "domains": "practices.help_domains",
    "thematic_areas": "practices.help_areas",
    "gcat_indicators": "practices.help_gcat_indicators",
    "background": "practices.help_background",
    "description": "practices.help_description",
    "results": "practices.help_results",
    "measurable_results": "practices.help_measurable_results",
    "challenges": "practices.help_challenges",
    "future_plans": "practices.help_future_plans",
    "links": "practices.help_links",
    "consent": "practices.help_consent",
    "withheld": "practices.help_withheld",
    "lang": "practices.help_lang",
}
"""Instructions for each part of the template."""
MEASURE = {
    "indicator": "practices.measure_indicator",
    "value": "practices.measure_value",
    "unit": "practices.measure_unit",
    "baseline": "practices.measure_baseline",
    "year": "practices.measure_year",
}
COLUMN = {
    "member": "practices.column_member",
    "contact_name": "practices.column_contact_name",
    "contact_role": "practices.column_contact_role",
    "contact_email": "practices.column_contact_email",
    "contact_phone": "practices.column_contact_phone",
    "title": "practices.column_title",
    "gcat_indicators": "practices.column_gcat_indicators",
    "background": "practices.column_background",
    "description": "practices.column_description",
    "results": "practices.column_results",
    "challenges": "practices.column_challenges",
    "future_plans": "practices.column_future_plans",
    "links": "practices.column_links",
    "consent": "practices.column_consent",
    "withheld": "practices.column_withheld",
    "lang": "practices.column_lang",
}
"""Workbook column titles (numbered columns have their own codes)."""
FIELD = {
    "member": "practices.field_member",
    "contact_name": "practices.field_contact_name",
    "contact_role": "practices.field_contact_role",
    "contact_email": "practices.field_contact_email",
    "contact_phone": "practices.field_contact_phone",
    "title": "practices.field_title",
}
STATUS = {
    "draft": "practices.status_draft",
    "submitted": "practices.status_submitted",
    "in_review": "practices.status_in_review",
    "changes_requested": "practices.status_changes_requested",
    "accepted": "practices.status_accepted",
    "published": "practices.status_published",
    "withdrawn": "practices.status_withdrawn",
}
QUALITY = {
    "no_title": "practices.quality_no_title",
    "no_contact": "practices.quality_no_contact",
    "no_domain": "practices.quality_no_domain",
    "no_description": "practices.quality_no_description",
    "no_consent": "practices.quality_no_consent",
    "no_area": "practices.quality_no_area",
    "no_measurable_result": "practices.quality_no_measurable_result",
    "short_description": "practices.quality_short_description",
    "bad_link": "practices.quality_bad_link",
    "repeats_title": "practices.quality_repeats_title",
}
"""Quality checklist findings (see :func:`gcat.core.practices.quality_checks`)."""
MANIFEST_REASON = {
    "withdrawn": "practices.reason_withdrawn",
    "not_accepted": "practices.reason_not_accepted",
    "no_consent": "practices.reason_no_consent",
    "no_consent_answer": "practices.reason_no_consent_answer",
}
"""Why a build left a record out."""
LANGUAGE_NAME = {
    "en": "practices.lang_en",  # endonyms, as in the language switcher
    "fr": "practices.lang_fr",
    "es": "practices.lang_es",
}
