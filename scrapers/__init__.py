"""Fetching and parsing of provider price pages. No Dagster in here: everything is plain Python."""
