# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import abc_override
from . import claim_correction
from . import lifecycle_pin
from . import portfolio_reassign
