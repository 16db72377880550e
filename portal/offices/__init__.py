"""Office lists per country and city."""
