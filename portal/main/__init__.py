from portal.main.views import bp

__all__ = ["bp"]
