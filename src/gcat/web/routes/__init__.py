"""Route modules by area, each an ``APIRouter`` that :func:`gcat.web.app.create_app` includes."""
