"""Demo data for kelembagaan (seed_demo finds this module by name)."""

from .anjab import demo as anjab_demo


def seed(stdout):
    anjab_demo.seed(stdout)
