# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .churn_common import ChurnTrainedCommon
from .test_churn_access import ChurnAccessTests
from .test_churn_model import ChurnTrainedModelTests
from .test_churn_retention import ChurnRetentionTests


@tagged("post_install", "-at_install")
class TestChurnTrained(
    ChurnTrainedModelTests, ChurnAccessTests, ChurnRetentionTests, ChurnTrainedCommon
):
    """The synthetic history written and learned once: what the model
    learned and scores, what each user reads of it, the retention work it
    asks for (the tests of ``test_churn_model``, ``test_churn_access`` and
    ``test_churn_retention``)."""
