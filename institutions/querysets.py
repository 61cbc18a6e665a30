"""Who sees which kelembagaan row: every page, API, export and command starts here.

Rows of a Pemda (regulations, issues, workload mappings) follow `Scope.pemda_q` through
`agencies.querysets.PemdaScopedQuerySet`; rows of an agency (structures, conversions,
mismatches, scores) follow `Scope.opd_q`, so an OPD admin sees only their own agency's posts
while Biro staff see their province.
"""

from django.db import models

from agencies.scoping import get_scope


class OpdOwnedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(get_scope(user).opd_q("opd"))

    def managed_by(self, user):
        return self.filter(get_scope(user).managed_pemda_q("opd__pemda"))


class StructureQuerySet(OpdOwnedQuerySet):
    def latest_per_opd(self):
        """The current structure of each agency: the one with the latest `valid_from`."""
        newer = self.model.objects.filter(opd_id=models.OuterRef("opd_id"), valid_from__gt=models.OuterRef("valid_from"))
        return self.exclude(models.Exists(newer))


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(get_scope(user).opd_q("structure__opd"))
