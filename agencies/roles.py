from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BIRO = "biro", _("Staf Biro Organisasi")
    BAGIAN = "bagian", _("Staf Bagian Organisasi")
    OPD_ADMIN = "opd_admin", _("Admin perangkat daerah")
    INSPECTOR = "inspector", _("Inspektur")
    LEADER = "leader", _("Pimpinan")
    OBSERVER = "observer", _("Pemantau nasional")
