"""Home, country pages, privacy, quick exit and the health check."""
