"""The pure policy core: models, charter, catalog, secret detection and guardrails.

Nothing here performs I/O beyond reading the catalog file it is given.
"""
