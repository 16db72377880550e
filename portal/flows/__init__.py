from portal.flows.views import bp

__all__ = ["bp"]
