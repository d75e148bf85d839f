"""The offline assessment app: FastAPI pages and JSON API over :mod:`gcat.services`."""
