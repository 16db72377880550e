"""The rules engine: loads content/, validates it, compiles flows and evaluates them.

Plain Python with no Flask imports, so editors' tooling and tests can use it alone.
"""

from portal.rules.errors import ContentError, Problem
from portal.rules.library import ContentLibrary, load_library

__all__ = ["ContentError", "ContentLibrary", "Problem", "load_library"]
