from portal.saved.views import bp

__all__ = ["bp"]
