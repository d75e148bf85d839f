"""Who may see and do what: actors and rights, consent, small-group suppression.

Services ask these modules; adapters (CLI, web) never decide access themselves.
"""
