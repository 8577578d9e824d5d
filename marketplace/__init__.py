"""The waQup marketplace: a FastAPI service where creators publish ``.waqup`` packs and people find them.

Run it with ``waqup market serve`` (or ``uvicorn marketplace.app:app_from_env --factory``).
Domains live in sub-packages (``auth``, ``users``, ``creators``, ``packs``, ``media``), each with a
router, pydantic schemas and a service module; the models are in :mod:`marketplace.models`.
Build the app with ``marketplace.app.create_app(Settings.from_env())``.
"""
