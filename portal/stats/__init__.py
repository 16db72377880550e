"""Anonymous, disaggregated statistics: counters, optional profile, dashboard and CSV."""
