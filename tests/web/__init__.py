"""Tests of ``dyads serve``: the JSON API and the dashboard."""
