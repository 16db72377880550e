from portal.checklists.views import bp

__all__ = ["bp"]
