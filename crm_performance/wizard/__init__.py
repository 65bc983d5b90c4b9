# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_commission_period_reopen
from . import crm_commission_period_pay
from . import crm_commission_payroll_export
