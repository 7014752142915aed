"""The read side every front end shares: filters, series, networks, blocs, alignment, shifts, anomalies.

``aggregate`` counts events per period and directed country pair once for all analyses (reading the
``event_days`` roll-up through ``rollup`` when it answers exactly); ``events``, ``series``, ``network``,
``blocs``, ``alignment`` (with ``shifts``), ``anomalies`` and ``expectations`` build on it or on the events;
``plots`` draws them (matplotlib, lazily). ``dyads.frames`` offers them as pandas DataFrames.
"""
