"""Use-cases shared by the CLI and the web app. Adapters call these and nothing deeper.

Every function that reads or writes stored data takes the :class:`~gcat.policy.access.Actor`
first and scopes what it does by the actor's administration.
"""
