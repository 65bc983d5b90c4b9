# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A sales team leader reads a salesperson's pay of the periods in which he
led them (``crm.commission.led.mixin``), no longer of every period: the
record rules, kept with ``noupdate``, are loaded again from their file."""

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_file


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    convert_file(
        env,
        "crm_performance",
        "security/crm_performance_rules.xml",
        None,
        mode="init",
        noupdate=True,
    )
