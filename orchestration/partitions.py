"""The daily partitions every source asset shares."""

from dagster import DailyPartitionsDefinition

# History reaches back to the earliest public price files (SkyPilot's 2021 catalogues);
# end_offset=1 makes today's partition exist, so the daily run can observe today.
DAILY = DailyPartitionsDefinition(start_date="2021-01-01", end_offset=1, timezone="UTC")
