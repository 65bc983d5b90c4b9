# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from .common import CrmKeyAccountCommon


class KeyAccountHealthCommon(CrmKeyAccountCommon):
    """Changchun Axle Works (automotive, large) and five similar customers.

    Over the last 12 months, by product category (Bearings, Seals,
    Lubricants):

    ============================  ========  =====  ==========  =====
    customer                      Bearings  Seals  Lubricants  total
    ============================  ========  =====  ==========  =====
    Changchun Axle Works (KA)          380                        380
    Jilin Gearbox                      100                        100
    Harbin Brakes                      150     50                 200
    Shenyang Chassis                   200    100                 300
    Dalian Drivetrain                  300              100       400
    Tianjin Axles                      600    300       100      1000
    Hefei Pumps (medium band)                 5000               5000
    Nanjing Resin (chemicals)                           800       800
    ============================  ========  =====  ==========  =====

    The axle works also bought 400 of bearings 13 months ago.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["crm.key.account"])
        cls.recent = cls.today - relativedelta(months=3)
        automotive = cls.env["res.partner.industry"].create({"name": "Automotive"})
        chemicals = cls.env["res.partner.industry"].create({"name": "Chemicals"})
        Category = cls.env["product.category"]
        cls.categ_bearings = Category.create({"name": "Bearings"})
        cls.categ_seals = Category.create({"name": "Seals"})
        cls.categ_lubricants = Category.create({"name": "Lubricants"})
        Product = cls.env["product.product"]
        cls.bearing = Product.create(
            {"name": "Tapered roller bearing", "categ_id": cls.categ_bearings.id}
        )
        cls.seal = Product.create(
            {"name": "Radial shaft seal", "categ_id": cls.categ_seals.id}
        )
        cls.lubricant = Product.create(
            {"name": "Bearing grease", "categ_id": cls.categ_lubricants.id}
        )
        cls.customer_auto.write(
            {"industry_id": automotive.id, "crm_size_band": "large"}
        )
        cls.customer_chem.write({"industry_id": chemicals.id, "crm_size_band": "large"})
        similar = {}
        for name in (
            "Jilin Gearbox",
            "Harbin Brakes",
            "Shenyang Chassis",
            "Dalian Drivetrain",
            "Tianjin Axles",
        ):
            similar[name] = cls.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "industry_id": automotive.id,
                    "crm_size_band": "large",
                }
            )
        cls.similar = similar
        cls.customer_pumps = cls.env["res.partner"].create(
            {
                "name": "Hefei Pumps",
                "is_company": True,
                "industry_id": automotive.id,
                "crm_size_band": "medium",
            }
        )
        b, s, lub = cls.bearing, cls.seal, cls.lubricant
        cls._post_invoice(cls.customer_auto, [(b, 380)], cls.recent)
        cls._post_invoice(
            cls.customer_auto, [(b, 400)], cls.today - relativedelta(months=13)
        )
        cls._post_invoice(similar["Jilin Gearbox"], [(b, 100)], cls.recent)
        cls._post_invoice(similar["Harbin Brakes"], [(b, 150), (s, 50)], cls.recent)
        cls._post_invoice(similar["Shenyang Chassis"], [(b, 200), (s, 100)], cls.recent)
        cls._post_invoice(
            similar["Dalian Drivetrain"], [(b, 300), (lub, 100)], cls.recent
        )
        cls._post_invoice(
            similar["Tianjin Axles"], [(b, 600), (s, 300), (lub, 100)], cls.recent
        )
        cls._post_invoice(cls.customer_pumps, [(s, 5000)], cls.recent)
        cls._post_invoice(cls.customer_chem, [(lub, 800)], cls.recent)
        cls.env["crm.customer.profile"]._recompute(cls.company, today=cls.today)

    @classmethod
    def _post_invoice(cls, partner, lines, invoice_date):
        """Post a customer invoice of ``lines`` ``(product, amount)``, due on
        its date, without taxes."""
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_payment_term_id": cls.env.ref(
                    "account.account_payment_term_immediate"
                ).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, amount in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _activate(cls, customer, manager=None):
        """An active key account of ``customer``, managed by ``manager``."""
        account = (
            cls.env["crm.key.account"]
            .with_user(cls.user_key_account_manager)
            .create(
                {
                    "partner_id": customer.id,
                    "proposal_reason": "Strategic automotive customer",
                    "manager_id": (manager or cls.user_key_account_manager).id,
                }
            )
        )
        director = cls.user_key_account_director
        account.with_user(director).action_approve()
        account.with_user(director).action_activate()
        return account.with_user(cls.env.user)

    def _recompute(self):
        return self.env["crm.key.account.health"]._recompute(
            self.company, today=self.today
        )
