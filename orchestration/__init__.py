"""Dagster definitions, the warehouse landing code and the `breakeven` CLI."""
