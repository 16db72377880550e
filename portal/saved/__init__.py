"""Save answers under a short code, open them anywhere, delete them at once."""
