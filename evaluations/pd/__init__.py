"""Pembinaan dan pengendalian penataan perangkat daerah (Permendagri 99/2018).

The province's Biro Organisasi evaluates the organisational maturity of the regencies' and
cities' agencies: an instrument per year (variables with five levels, shipped as data), one
assessment per agency and year answered by the agency or its Bagian Organisasi, submitted per
regency/city, verified by the Biro answer by answer; results, follow-up and a recap for the rakor.
"""
