from portal.offices.views import bp

__all__ = ["bp"]
