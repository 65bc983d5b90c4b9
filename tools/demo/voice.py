# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The voice of the customer in the demo company: two years of answers to
satisfaction surveys and of complaints, with the patterns a real seller sees.

The step "voice", after the company's data: reads the customers, deliveries
and profiles it built.

- The sales manager, wang.fang, sends the relationship survey every six
  months to the purchasing managers of the class A and B customers; the
  transactional survey goes to the delivery contact after every 5th delivery,
  as the company's rule says, never twice within 180 days.
- About half of them answer, in Chinese, a few days later. Class A
  customers are more demanding; the customers of yang.lei are less happy with
  their salesperson; a customer that complained repeatedly a year ago scores
  low and has since declined.
- Detractor answers got a follow-up activity; the salespeople followed up
  the older ones and wrote what they did; the latest are still open.
- Complaints follow deliveries (more of them for demanding A customers) and
  are answered and resolved on the company's working calendar (its public
  holidays included), most within their targets, some late; the last ones
  are still open. The return of the commission story (``history``) follows
  a quality complaint about its delivery.
- Most customers that left (their deliveries stopped for half a year or
  more) complained about their last deliveries, late ones above all, and
  more of those complaints were answered or resolved late. The soured
  customers of ``history`` complained two to four times about their late
  deliveries, some answered late; the one still buying (the churn model's
  story) four times in the last months, two of them answered late.

Deterministic: its own seed; dates relative to today, on working days
(``dates.DemoDates``).
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from .common import soured_deliveries, soured_story_customer, succeeded
from .dates import DemoDates
from .history import RETURN_REF

SEED = 20260909
TZ_OFFSET = timedelta(hours=8)  # Asia/Shanghai, the company's working calendar
MONTHS = 24
CAMPAIGN_MONTHS_AGO = (21, 15, 9, 3)
DELIVERY_EVERY = 5
RESPONSE_RATE = {"a": 0.6, "b": 0.5, "c": 0.4, "none": 0.3}
# expected NPS and CSAT shift of a customer, by what it is
DEMANDING_CLASS = {"a": -0.9, "b": -0.3, "c": 0.0, "none": 0.0}
POOR_SALESPERSON = ("yang.lei", -1.5)
COMPLAINT_RATE = {"a": 0.08, "b": 0.04, "c": 0.03, "none": 0.03}
WAITING_FOLLOW_UPS = 3
OPEN_COMPLAINT_DAYS = 30
RECENT_COMPLAINT_DAYS_AGO = (16, 8, 2)
DECLINED_COMPLAINTS = 4  # of the declining customer, 16 to 10 months ago
# the customers that left: a delivery followed by no other for this long
LEFT_PAUSE_DAYS = 180
LEFT_COMPLAINING = 0.5  # the share of them that complained
LEFT_LAST_DAYS = 150  # about their deliveries of their last months
LEFT_LATE_SHARES = (0.2, 0.25)  # answered late, resolved late (others: 0.1, 0.15)
LATE_SHARES = (0.1, 0.15)
# the soured customers' complaints: (category, which of its late deliveries,
# days after it, answered late): all four of the story's customer, two to
# four of the others', each answered late at this share
SOURED_LATE_SHARE = 0.4
SOURED_COMPLAINTS = (
    ("delivery", 0, 2, False),
    ("delivery", 1, 2, True),
    ("documentation", 1, 6, False),
    ("quality", 2, 3, True),
)

CAMPAIGN_NAME = "{year} 年{half}客户关系调查"
PROMOTER_COMMENTS = [
    "交期稳定，技术支持响应很快，明年的新项目会继续合作。",
    "产品质量一直很稳定，来料检验几乎没有不良。",
    "销售经理很专业，选型建议帮我们节省了成本。",
]
PASSIVE_COMMENTS = [
    "质量不错，但价格比其他供应商高一些。",
    "整体满意，希望交货前能提前通知发货时间。",
    "技术资料齐全，报价速度可以再快一点。",
]
DETRACTOR_COMMENTS = [
    "最近两次交货都晚了一周，影响了我们的生产计划。",
    "同一批次出现尺寸超差，退货处理拖了很久。",
    "询价后好几天没有回复，需要反复催促。",
]
POOR_SALESPERSON_COMMENTS = [
    "销售员很少回复邮件，报价要催好几次。",
    "换了对接人以后沟通明显变慢，很多问题没人跟进。",
]
FOLLOWUP_FEEDBACK = [
    "已电话回访采购经理，说明延误原因，并约定每周发送交货计划。",
    "已安排质量工程师到现场分析，更换了问题批次，并制定纠正措施。",
    "已与客户当面沟通，调整了报价流程，承诺两个工作日内回复。",
]
COMPLAINTS = {
    # category: (subject, description, root cause, resolution)
    "delivery": (
        "订单 {order} 交货延迟",
        "约定交期已过，客户产线等料，要求尽快发货并说明原因。",
        "热处理外协排产延误，未及时通知客户。",
        "加急发货并补偿运费；外协排产纳入每周交期评审。",
    ),
    "quality": (
        "批次 {order} 尺寸超差",
        "来料检验发现部分零件外径超出公差，客户要求退换。",
        "磨床砂轮修整周期过长，首件检验未覆盖全部尺寸。",
        "更换不良品；修订首件检验规范并缩短修整周期。",
    ),
    "documentation": (
        "订单 {order} 缺少材质证明",
        "随货文件缺少材质证明和检验报告，客户无法入库。",
        "出货检查表未包含客户要求的文件清单。",
        "补发文件；客户文件要求录入出货检查表。",
    ),
    "service": (
        "技术咨询回复不及时",
        "客户就新产品选型提出问题，一周内未得到答复。",
        "应用工程师出差，咨询未转交他人处理。",
        "指定备岗工程师，咨询在两个工作日内答复。",
    ),
    "billing": (
        "订单 {order} 发票金额有误",
        "发票单价与合同价格不一致，客户拒绝付款。",
        "价格调整后合同价格未在系统中更新。",
        "开具红字发票并重开；价格变更需销售经理复核。",
    ),
}
SEVERITY_WEIGHTS = (("low", 3), ("medium", 5), ("high", 2), ("critical", 1))


# ---------------------------------------------------------------- set-up ----


def set_up(env, company):
    """The company asks after every 5th delivery."""
    company.write(
        {
            "survey_delivery_every": DELIVERY_EVERY,
            "survey_contact_interval_days": 180,
        }
    )
    # the sales team reads its notifications in Odoo
    env["res.users"].search([("share", "=", False)]).notification_type = "inbox"


def assign_contact_roles(env):
    """Each contact's role from its job title."""
    roles = {
        "采购经理": "crm_industrial.crm_contact_role_purchasing",
        "设备工程师": "crm_industrial.crm_contact_role_engineering",
        "质量经理": "crm_industrial.crm_contact_role_quality",
        "财务主管": "crm_industrial.crm_contact_role_finance",
        "总经理": "crm_industrial.crm_contact_role_management",
    }
    for function, xmlid in roles.items():
        env["res.partner"].search([("function", "=", function)]).write(
            {"crm_contact_role_id": env.ref(xmlid).id}
        )


def complained_window(dates):
    """The months in which the declining customer complained: 16 to 10
    months ago."""
    return dates.months_ago(16), dates.months_ago(10)


def declining_complainer(env, company, dates, soured):
    """The customer that complained repeatedly a year ago and has declined
    since: the declining customer of the largest revenue the year before
    with at least four deliveries to complain about in the window (not the
    soured customers, whose complaints came later)."""
    first, last = complained_window(dates)
    counts = dict(
        env["stock.picking"]._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("picking_type_code", "=", "outgoing"),
                ("date_done", ">=", first),
                ("date_done", "<=", last),
            ],
            ["partner_id"],
            ["__count"],
        )
    )
    deliveries = defaultdict(int)
    for partner, count in counts.items():
        deliveries[partner.commercial_partner_id] += count
    return (
        env["crm.customer.profile"]
        .search(
            [
                ("company_id", "=", company.id),
                ("lifecycle_stage_id.code", "=", "decline"),
            ]
        )
        .filtered(
            lambda p: (
                deliveries[p.partner_id] >= DECLINED_COMPLAINTS
                and p.partner_id not in soured
            )
        )
        .sorted(lambda p: (-p.revenue_prev_12m, p.id))[:1]
    )


def moods(env, company, rng, declined):
    """How happy each customer is, as a shift of its ratings, and why."""
    profiles = env["crm.customer.profile"].search([("company_id", "=", company.id)])
    login, poor_shift = POOR_SALESPERSON
    mood = {}
    for profile in profiles:
        shift = DEMANDING_CLASS[profile.abc_class] + rng.gauss(0, 0.7)
        if profile.user_id.login == login:
            shift += poor_shift
        if profile == declined:
            shift -= 3.0
        mood[profile.partner_id] = shift
    return mood, declined.partner_id


def local(day, hour, minute=0):
    """A naive UTC datetime for ``hour:minute`` in Shanghai on ``day``."""
    return datetime.combine(day, time(hour, minute)) - TZ_OFFSET


# ------------------------------------------------------------ invitations ---


def send_campaigns(env, company, dates):
    """wang.fang asks the purchasing managers of A and B customers twice a
    year, on a working day."""
    manager = env["res.users"].search([("login", "=", "wang.fang")])
    survey = env.ref("crm_industrial.survey_relationship")
    purchasing = env.ref("crm_industrial.crm_contact_role_purchasing")
    Campaign = env["crm.survey.campaign"].with_user(manager)
    invitations = env["survey.user_input"]
    for months in CAMPAIGN_MONTHS_AGO:
        day = dates.campaign_day(months)
        with freeze_time(local(day, 10)):
            campaign = Campaign.create(
                {
                    "name": CAMPAIGN_NAME.format(
                        year=day.year, half="上半年" if day.month <= 6 else "下半年"
                    ),
                    "company_id": company.id,
                    "survey_id": survey.id,
                    "abc_class_a": True,
                    "abc_class_b": True,
                    "contact_role_ids": [(6, 0, purchasing.ids)],
                }
            )
            campaign.action_send()
        invitations |= env["survey.user_input"].search(
            [("crm_campaign_id", "=", campaign.id)]
        )
    return invitations


def invite_after_deliveries(env, company, dates):
    """The company's rule over the last two years: every 5th delivery of a
    customer asks its delivery contact, unless asked within 180 days."""
    since = dates.months_ago(MONTHS)
    pickings = env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
        ],
        order="date_done, id",
    )
    survey = env.ref("crm_industrial.survey_transactional")
    Answer = env["survey.user_input"]
    counts = {}
    invitations = Answer
    for picking in pickings:
        customer = picking.partner_id.commercial_partner_id
        counts[customer] = counts.get(customer, 0) + 1
        contact = picking.partner_id
        if (
            counts[customer] % DELIVERY_EVERY
            or picking.date_done.date() < since
            or not contact.email_normalized
        ):
            continue
        with freeze_time(picking.date_done + timedelta(hours=2)):
            if Answer._crm_recently_asked(contact, company):
                continue
            invitations |= Answer._crm_invite(
                survey,
                company,
                contact,
                "delivery",
                crm_picking_id=picking.id,
                crm_sale_order_id=picking.sale_id.id,
            )
    return invitations


# ---------------------------------------------------------------- answers ---


def rating(rng, expected, spread, low, high):
    """A rating around ``expected``, within the scale."""
    return max(low, min(high, round(rng.gauss(expected, spread))))


def answer(rng, invitation, shift, dates, poor_salesperson):
    """The contact answers on a working day a few days after the invitation,
    or not at all."""
    day = dates.on_or_after(
        invitation.crm_invitation_date.date() + timedelta(days=rng.randint(1, 12))
    )
    if day > dates.today:
        return False
    comments = []
    with freeze_time(local(day, rng.randint(9, 16), rng.randint(0, 59))):
        nps = None
        for question in invitation.survey_id.question_ids:
            if question.crm_score_role == "nps":
                nps = rating(rng, 8.8 + shift, 1.0, 0, 10)
                invitation._save_lines(question, nps)
            elif question.crm_score_role == "csat":
                dimension_shift = shift / 2
                if question.crm_csat_dimension in ("salesperson", "responsiveness"):
                    dimension_shift += poor_salesperson
                invitation._save_lines(
                    question, rating(rng, 4.4 + dimension_shift, 0.8, 1, 5)
                )
            elif question.question_type == "text_box" and rng.random() < 0.6:
                if poor_salesperson and rng.random() < 0.5:
                    comments = POOR_SALESPERSON_COMMENTS
                elif (nps is not None and nps <= 6) or shift < -2:
                    comments = DETRACTOR_COMMENTS
                elif nps is not None and nps >= 9:
                    comments = PROMOTER_COMMENTS
                else:
                    comments = PASSIVE_COMMENTS
                invitation._save_lines(question, rng.choice(comments))
        invitation._mark_done()
    return True


def collect_answers(env, rng, invitations, mood, dates):
    """Who answers, and how: the answers, completed on their day."""
    profiles = {
        profile.partner_id: profile.abc_class
        for profile in env["crm.customer.profile"].search([])
    }
    poor_login, poor_shift = POOR_SALESPERSON
    answered = env["survey.user_input"]
    for invitation in invitations.sorted(lambda i: (i.crm_invitation_date, i.id)):
        customer = invitation.crm_partner_id
        if rng.random() > RESPONSE_RATE[profiles.get(customer, "none")]:
            continue
        poor = poor_shift if invitation.crm_salesperson_id.login == poor_login else 0
        if answer(rng, invitation, mood.get(customer, 0.0), dates, poor):
            answered |= invitation
    return answered


def follow_up_detractors(env, rng, dates):
    """Salespeople followed up the detractors on their deadline (a working
    day before today), but for the latest three."""
    activity_type = env.ref("crm_industrial.mail_activity_type_satisfaction_followup")
    activities = env["mail.activity"].search(
        [("activity_type_id", "=", activity_type.id)], order="date_deadline, id"
    )[:-WAITING_FOLLOW_UPS]
    done = env["mail.activity"]
    for activity in activities:
        day = dates.on_or_after(activity.date_deadline)
        if day >= dates.today:
            continue
        user = activity.user_id
        with freeze_time(local(day, 15)):
            activity.with_user(user).with_context(lang=user.lang).action_feedback(
                feedback=rng.choice(FOLLOWUP_FEEDBACK)
            )
        done |= activity
    return done


# ------------------------------------------------------------- complaints ---


def complaint_plan(env, rng, company, dates, *, declined, soured):
    """Which deliveries went wrong, by whom they were handled, how fast.

    A delivery leads to a complaint by the customer's class (A customers
    complain more), and the declining customer complained four times between
    16 and 10 months ago; the category follows what happened. Three A and B
    customers complained in the last weeks about their latest deliveries. The
    delivery returned for a quality fault (the commission story of
    ``history``) had a quality complaint first. The soured customers'
    complaints are planned apart (``soured_complaint_plan``).
    """
    today = dates.today
    since = dates.months_ago(MONTHS)
    pickings = env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
            ("date_done", ">=", since),
        ],
        order="date_done, id",
    )
    profiles = {
        profile.partner_id: profile.abc_class
        for profile in env["crm.customer.profile"].search([])
    }
    returned = (
        env["account.move"]
        .search([("move_type", "=", "out_refund"), ("ref", "=like", f"{RETURN_REF}%")])
        .reversed_entry_id.line_ids.sale_line_ids.order_id.picking_ids
    )
    plans = [
        (picking, "quality", picking.date_done + timedelta(days=2))
        for picking in returned.filtered(lambda p: p.state == "done")[:1]
    ]
    for picking in pickings - returned:
        customer = picking.partner_id.commercial_partner_id
        rate = COMPLAINT_RATE[profiles.get(customer, "none")]
        if customer == declined or customer in soured:
            continue
        if rng.random() < rate:
            late = picking.date_deadline and picking.date_done > picking.date_deadline
            category = "delivery" if late else rng.choice(list(COMPLAINTS))
            plans.append((picking, category, picking.date_done + timedelta(days=2)))
    first, last = complained_window(dates)
    declined_pickings = pickings.filtered(
        lambda picking: (
            picking.partner_id.commercial_partner_id == declined
            and first <= picking.date_done.date() <= last
        )
    )
    for picking, category in zip(
        declined_pickings[:DECLINED_COMPLAINTS],
        ("quality", "delivery", "quality", "quality"),
        strict=False,
    ):
        plans.append((picking, category, picking.date_done + timedelta(days=3)))
    recent = pickings.filtered(
        lambda picking: (
            profiles.get(picking.partner_id.commercial_partner_id) in ("a", "b")
        )
    )[-3:]
    for picking, days_ago, category in zip(
        recent,
        RECENT_COMPLAINT_DAYS_AGO,
        ("quality", "delivery", "documentation"),
        strict=False,
    ):
        received = datetime.combine(
            dates.on_or_before(today - timedelta(days=days_ago)), time()
        )
        plans.append((picking, category, max(received, picking.date_done)))
    return sorted(plans, key=lambda plan: plan[2])


def leaving_deliveries(pickings, since):
    """Of each customer that left since ``since``, its deliveries of its last
    months: those of the ``LEFT_LAST_DAYS`` up to a delivery that no other
    followed for ``LEFT_PAUSE_DAYS`` (not one of its first two)."""
    pause = timedelta(days=LEFT_PAUSE_DAYS)
    last_days = timedelta(days=LEFT_LAST_DAYS)
    now = datetime.now()
    leaving = {}
    for customer, delivered in pickings.grouped(
        lambda p: p.partner_id.commercial_partner_id
    ).items():
        days = [*delivered.mapped("date_done"), now]
        for index in range(2, len(delivered)):
            if days[index + 1] - days[index] >= pause and days[index] >= since:
                leaving[customer] = delivered.filtered(
                    lambda p, day=days[index]: day - last_days <= p.date_done <= day
                )
    return leaving


def left_complaint_plan(env, rng, company, dates, excluded):
    """Complaints of the customers that left in the last two years about
    their last deliveries, the latest first: most of them complained once or
    twice, about a late delivery when one was late (at once), else about a
    fault or an invoice (when found, up to ten weeks later)."""
    pickings = env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
        ],
        order="date_done, id",
    )
    since = datetime.combine(dates.months_ago(MONTHS), time())
    others = [code for code in COMPLAINTS if code != "delivery"]
    plans = []
    for customer, last in leaving_deliveries(pickings, since).items():
        if customer in excluded or rng.random() >= LEFT_COMPLAINING:
            continue
        late = last.filtered(
            lambda p: p.date_deadline and p.date_done > p.date_deadline
        )
        chosen = (late.sorted("date_done", reverse=True) or last[-1:])[
            : rng.choice((1, 1, 2))
        ]
        for picking in chosen.filtered(lambda p: p.date_done >= since):
            # a late delivery at once; a fault or a wrong invoice when found
            if picking in late:
                category, days = "delivery", rng.randint(1, 5)
            else:
                category, days = rng.choice(others), rng.randint(5, 75)
            plans.append((picking, category, picking.date_done + timedelta(days=days)))
    return sorted(plans, key=lambda plan: plan[2])


def soured_complaint_plan(rng, deliveries):
    """The soured customers' complaints about their late ``deliveries``: the
    story's customer's four, two of them answered late; two to four of each
    other's, answered late at ``SOURED_LATE_SHARE``."""
    story = soured_story_customer(deliveries)
    plans = []
    for customer, late in deliveries.grouped(
        lambda p: p.partner_id.commercial_partner_id
    ).items():
        complaints = SOURED_COMPLAINTS
        if customer != story:
            complaints = [
                (category, index, days, rng.random() < SOURED_LATE_SHARE)
                for category, index, days, _late in sorted(
                    rng.sample(SOURED_COMPLAINTS, k=rng.randint(2, 4)),
                    key=SOURED_COMPLAINTS.index,
                )
            ]
        plans += [
            (
                late[index],
                category,
                late[index].date_done + timedelta(days=days),
                answered_late,
            )
            for category, index, days, answered_late in complaints
            if index < len(late)
        ]
    return sorted(plans, key=lambda plan: plan[2])


def handled_at(calendar, start, target_hours, rng, late_share):
    """When a target of ``target_hours`` working hours was met, or missed."""
    if rng.random() < late_share:
        hours = target_hours * rng.uniform(1.1, 1.8)
    else:
        hours = target_hours * rng.uniform(0.2, 0.95)
    return calendar.plan_hours(hours, start.replace(tzinfo=None), compute_leaves=True)


def file_complaints(env, rng, company, plans, dates, *, late_shares=LATE_SHARES):
    """The complaints, received on working days, answered and resolved on the
    working calendar, as far as it has come by now: late at ``late_shares``
    (of the answers, of the resolutions), or as a plan's fourth item says
    (answered late, else answered and resolved in time)."""
    today = dates.today
    now = datetime.now()
    calendar = company.resource_calendar_id
    categories = {
        code: env.ref(f"crm_industrial.crm_claim_category_{code}")
        for code in COMPLAINTS
    }
    settled = env.ref("crm_claim.stage_claim2")
    in_progress = env.ref("crm_claim.stage_claim5")
    quality_role = env.ref("crm_industrial.crm_contact_role_quality")
    severities, weights = zip(*SEVERITY_WEIGHTS, strict=True)
    claims = env["crm.claim"]
    for picking, category, received_day, *forced in plans:
        customer = picking.partner_id.commercial_partner_id
        received = local(
            dates.on_or_after(received_day.date()),
            rng.randint(9, 15),
            rng.randint(0, 59),
        )
        if received > now:
            continue
        contact = (
            customer.child_ids.filtered(
                lambda partner, role=quality_role: partner.crm_contact_role_id == role
            )[:1]
            or customer
        )
        subject, description, cause, resolution = COMPLAINTS[category]
        order = picking.sale_id
        with freeze_time(received):
            claim = claims.create(
                {
                    "name": subject.format(order=order.name),
                    "partner_id": contact.id,
                    "categ_id": categories[category].id,
                    "severity": rng.choices(severities, weights)[0],
                    "user_id": (customer.user_id or order.user_id).id,
                    "date": received,
                    "sale_order_id": order.id,
                    "picking_id": picking.id,
                    "product_id": picking.move_ids[:1].product_id.id,
                    "description": description,
                    "company_id": company.id,
                }
            )
        age_days = (today - received.date()).days
        # a plan may say whether it was answered late; if in time, it was
        # resolved in time too (within its target from its receipt)
        late = forced[0] if forced else None
        answer_share, resolution_share = late_shares
        if late is not None:
            answer_share, resolution_share = (1.0, resolution_share) if late else (0, 0)
        answered = handled_at(
            calendar, received, claim.response_target_hours, rng, answer_share
        )
        if answered > now or (age_days < 2 and rng.random() < 0.5):
            claims |= claim
            continue
        claim.date_first_response = answered
        resolved = max(
            handled_at(
                calendar,
                received if late is False else answered,
                claim.resolution_target_hours,
                rng,
                resolution_share,
            ),
            answered,
        )
        if age_days <= OPEN_COMPLAINT_DAYS or resolved > now:
            claim.stage_id = in_progress
        else:
            claim.write(
                {
                    "cause": cause,
                    "resolution": resolution,
                    "stage_id": settled.id,
                    "date_resolved": resolved,
                }
            )
        claims |= claim
    return claims


# ------------------------------------------------------------------- main ---


def breached(claim):
    """Whether ``claim`` missed a target."""
    return claim.sla_state == "breached"


def generate(env):
    """The step "voice": two years of surveys and complaints."""
    rng = random.Random(SEED)
    dates = DemoDates(date.today())
    env = env(context=dict(env.context, tracking_disable=True, lang="en_US"))
    company = env.company
    set_up(env, company)
    assign_contact_roles(env)
    soured = soured_deliveries(env, company)
    soured_customers = soured.partner_id.commercial_partner_id
    story = soured_story_customer(soured)
    story_deliveries = soured.filtered(
        lambda p: p.partner_id.commercial_partner_id == story
    )
    if len(story_deliveries) <= max(index for _c, index, *_ in SOURED_COMPLAINTS):
        raise RuntimeError("the soured customer's late deliveries are missing")
    declined = declining_complainer(env, company, dates, soured_customers)
    if not declined:
        raise RuntimeError("no declining customer had four deliveries a year ago")
    mood, declined = moods(env, company, rng, declined)
    invitations = send_campaigns(env, company, dates)
    invitations |= invite_after_deliveries(env, company, dates)
    answered = collect_answers(env, rng, invitations, mood, dates)
    followed_up = follow_up_detractors(env, rng, dates)
    claims = file_complaints(
        env,
        rng,
        company,
        complaint_plan(
            env, rng, company, dates, declined=declined, soured=soured_customers
        ),
        dates,
    )
    # the customers that left, and the soured customers, from their own streams
    left_rng = random.Random(SEED + 1)
    left_claims = file_complaints(
        env,
        left_rng,
        company,
        left_complaint_plan(env, left_rng, company, dates, declined | soured_customers),
        dates,
        late_shares=LEFT_LATE_SHARES,
    )
    soured_rng = random.Random(SEED + 2)
    soured_claims = file_complaints(
        env, soured_rng, company, soured_complaint_plan(soured_rng, soured), dates
    )
    claims |= left_claims | soured_claims
    # the invitations were mailed when they were sent
    env["mail.mail"].search([("state", "=", "outgoing")]).unlink()
    succeeded(env["crm.customer.profile"]._recompute(company))
    env.cr.commit()

    Score = env["crm.satisfaction.score"]
    company_nps = Score.search(
        [("scope", "=", "company"), ("dimension", "=", "nps")], limit=1
    )
    counted = answered.filtered("crm_counted")
    detractors_open = env["survey.user_input"].search_count(
        [("crm_detractor", "=", True), ("crm_followup_open", "=", True)]
    )
    print(
        f"satisfaction   {len(invitations)} invitations "
        f"({len(invitations.filtered(lambda i: i.crm_campaign_id))} in "
        f"{len(CAMPAIGN_MONTHS_AGO)} campaigns of wang.fang, the rest after "
        f"every {DELIVERY_EVERY}th delivery), {len(counted)} answers; "
        f"company NPS {company_nps.score_text}; "
        f"{len(followed_up)} detractors followed up, {detractors_open} waiting"
    )
    late = claims.filtered(breached)
    print(
        f"complaints     {len(claims)} in {MONTHS} months "
        f"({len(claims.filtered('date_resolved'))} resolved, "
        f"{len(claims.filtered(lambda c: not c.date_resolved))} open, "
        f"{len(late)} past a target); {declined.name} complained "
        f"4 times before its decline"
    )
    story_claims = soured_claims.filtered(lambda c: c.crm_partner_id == story)
    print(
        f"left           {len(left_claims.crm_partner_id)} customers complained "
        f"about their last deliveries before they left ({len(left_claims)} "
        f"complaints, {len(left_claims.filtered(breached))} past a target); "
        f"{len(soured_customers)} soured customers complained "
        f"{len(soured_claims)} times about their late deliveries; "
        f"{story.name}, still buying, "
        f"{len(story_claims)} times in the last months "
        f"({len(story_claims.filtered(breached))} past a target)"
    )
