"""Trend arithmetic in plain Python (no Dagster, no dbt), shared by the dbt models and the CLI."""
