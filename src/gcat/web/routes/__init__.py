"""Routers of the app, one module per area, included from :func:`gcat.web.app.create_app`."""
