"""Event sources: adapters that read conflict-event data as users download it into the canonical table.

The canonical table is defined once in :mod:`servanda.sources.schema`.
"""
