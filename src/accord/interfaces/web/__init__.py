"""The web page and JSON API (``accord serve``).

See :func:`accord.interfaces.web.app.create_app`.
"""
