"""The one hardened reader and writer for every user file (see ``docs/format.md#input-limits``).

Low layer: imports only the diagnostics modules, the standard library and PyYAML.
"""
