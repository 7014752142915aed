"""The read side every front end shares: summaries, filters, series."""
