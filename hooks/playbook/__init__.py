"""The role-design playbook core: load, validate and render the YAML data.

Nothing in this package imports MkDocs: the MkDocs hook (hooks/mkdocs_playbook.py)
and the command line (python -m playbook) are thin adapters around it.
"""

from playbook.errors import PlaybookError, Problem

__all__ = ["PlaybookError", "Problem"]
