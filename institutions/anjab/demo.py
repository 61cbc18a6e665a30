"""Demo Anjab/ABK of two Kalteng agencies (called from institutions.demo)."""


def seed(stdout):
    return None
