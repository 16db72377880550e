from portal.desk.views import bp

__all__ = ["bp"]
