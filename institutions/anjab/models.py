"""Anjab/ABK (PermenPANRB 1/2020): positions in organisation units, their tasks and workload."""

__all__ = []
