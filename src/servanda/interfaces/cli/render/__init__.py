"""Renderers of the CLI: rich tables, Markdown, plain text lines and matplotlib plots.

The analyses and services return data; everything that draws lives here.
"""
