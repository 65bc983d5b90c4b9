# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of a Chinese industrial manufacturer, generated through the ORM.

Run by tools/demo.sh inside ``odoo-bin shell`` (which provides ``env``), twice:
``DEMO_STEP=company`` right after base (so account later installs the Chinese
chart l10n_cn), then ``DEMO_STEP=data`` once our addons are installed.
Deterministic (fixed seed); every date is relative to today, so the demo never
goes stale. Ends with the line ``demo: <step> done`` that demo.sh waits for.
"""

import math
import os
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.tools import SQL

SEED = 20260101
YEARS = 3
CUSTOMER_COUNT = 120
ORDER_TARGET = 600

COMPANY = {
    "name": "华东精密工业有限公司",
    "street": "苏州工业园区星湖街 328 号",
    "city": "苏州市",
    "zip": "215123",
    "phone": "+86 512 6288 1000",
    "email": "sales@ecprecision.com.cn",
    "website": "https://www.ecprecision.com.cn",
    "vat": "91320594MA1XK8R27Q",
}
COMPANY_NAME_EN = "East China Precision Industries Co., Ltd."

# (English, Chinese, domain suffix, name suffix in the company name)
INDUSTRIES = [
    ("Automotive Parts", "汽车零部件", "auto", "汽车零部件"),
    ("Construction Machinery", "工程机械", "cm", "重工机械"),
    ("Electronics Manufacturing", "电子制造", "elec", "电子科技"),
    ("Chemicals", "化工", "chem", "化工"),
    ("Energy Equipment", "能源装备", "energy", "能源装备"),
    ("Food Machinery", "食品机械", "foodmach", "食品机械"),
    ("Machine Tools", "机床", "mt", "数控机床"),
]
# industry weights: share of customers, and of revenue through size
INDUSTRY_WEIGHTS = [26, 16, 16, 10, 12, 8, 12]

# (state code, city, district), real places of China's industrial regions
PLACES = [
    ("JS", "苏州市", "工业园区"),
    ("JS", "苏州市", "吴中区"),
    ("JS", "无锡市", "新吴区"),
    ("JS", "常州市", "武进区"),
    ("JS", "南京市", "江宁区"),
    ("JS", "南通市", "崇川区"),
    ("ZJ", "宁波市", "北仑区"),
    ("ZJ", "杭州市", "萧山区"),
    ("ZJ", "台州市", "路桥区"),
    ("ZJ", "温州市", "瓯海区"),
    ("SH", "上海市", "嘉定区"),
    ("SH", "上海市", "松江区"),
    ("SH", "上海市", "浦东新区"),
    ("SD", "青岛市", "黄岛区"),
    ("SD", "济南市", "历城区"),
    ("SD", "潍坊市", "奎文区"),
    ("GD", "广州市", "番禺区"),
    ("GD", "深圳市", "宝安区"),
    ("GD", "东莞市", "长安镇"),
    ("GD", "佛山市", "顺德区"),
    ("AH", "合肥市", "包河区"),
    ("AH", "芜湖市", "鸠江区"),
    ("HB", "武汉市", "蔡甸区"),
    ("HN", "长沙市", "雨花区"),
    ("SC", "成都市", "龙泉驿区"),
    ("CQ", "重庆市", "两江新区"),
    ("LN", "沈阳市", "铁西区"),
    ("LN", "大连市", "金州区"),
    ("TJ", "天津市", "滨海新区"),
    ("HE", "唐山市", "路北区"),
    ("HA", "郑州市", "经开区"),
    ("FJ", "厦门市", "海沧区"),
    ("SN", "西安市", "高陵区"),
    ("JL", "长春市", "绿园区"),
]
ROADS = [
    "长江路",
    "黄河路",
    "人民路",
    "建设路",
    "工业大道",
    "科技路",
    "创业路",
    "新华路",
    "中山路",
    "东方大道",
    "金桥路",
    "兴业路",
]
# (hanzi, pinyin) of brand names
BRANDS = [
    ("恒达", "hengda"),
    ("华阳", "huayang"),
    ("鑫盛", "xinsheng"),
    ("永安", "yongan"),
    ("宏远", "hongyuan"),
    ("天成", "tiancheng"),
    ("瑞丰", "ruifeng"),
    ("金诚", "jincheng"),
    ("东方", "dongfang"),
    ("中联", "zhonglian"),
    ("汇通", "huitong"),
    ("精工", "jinggong"),
    ("博远", "boyuan"),
    ("凯达", "kaida"),
    ("正泰", "zhengtai"),
    ("远景", "yuanjing"),
    ("华信", "huaxin"),
    ("联合", "lianhe"),
    ("新锐", "xinrui"),
    ("腾飞", "tengfei"),
    ("力拓", "lituo"),
    ("百川", "baichuan"),
    ("恒通", "hengtong"),
    ("海德", "haide"),
    ("盛世", "shengshi"),
    ("安泰", "antai"),
    ("大象", "daxiang"),
    ("蓝天", "lantian"),
    ("卓越", "zhuoyue"),
    ("同创", "tongchuang"),
    ("万力", "wanli"),
    ("振华", "zhenhua"),
    ("德信", "dexin"),
    ("明辉", "minghui"),
    ("嘉诚", "jiacheng"),
    ("长城", "changcheng"),
    ("龙腾", "longteng"),
    ("泰和", "taihe"),
    ("昌盛", "changsheng"),
    ("华丰", "huafeng"),
    ("宇航", "yuhang"),
    ("隆基", "longji"),
    ("三友", "sanyou"),
    ("创新", "chuangxin"),
    ("鼎力", "dingli"),
    ("兴旺", "xingwang"),
]
SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
]
GIVEN_NAMES = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("磊", "lei"),
    ("强", "qiang"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("丽华", "lihua"),
    ("国平", "guoping"),
    ("文博", "wenbo"),
    ("思远", "siyuan"),
]
# roles at a customer, in the order a company gets them
ROLES = [
    ("采购经理", "purchasing"),
    ("设备工程师", "engineering"),
    ("质量经理", "quality"),
    ("财务主管", "finance"),
    ("总经理", "management"),
]

# category: (English, Chinese, [(English, Chinese, default code, list price, margin)])
PRODUCTS = [
    (
        "Bearings",
        "轴承",
        [
            (
                "Deep Groove Ball Bearing 6205-2RS",
                "深沟球轴承 6205-2RS",
                "BR-6205",
                38,
                0.32,
            ),
            ("Deep Groove Ball Bearing 6310", "深沟球轴承 6310", "BR-6310", 96, 0.30),
            (
                "Tapered Roller Bearing 32210",
                "圆锥滚子轴承 32210",
                "BR-32210",
                168,
                0.28,
            ),
            (
                "Spherical Roller Bearing 22220",
                "调心滚子轴承 22220",
                "BR-22220",
                920,
                0.35,
            ),
            ("Angular Contact Bearing 7208", "角接触球轴承 7208", "BR-7208", 215, 0.40),
            (
                "Cylindrical Roller Bearing NU216",
                "圆柱滚子轴承 NU216",
                "BR-NU216",
                480,
                0.33,
            ),
            (
                "Slewing Ring Bearing 010.30.800",
                "回转支承 010.30.800",
                "BR-SR800",
                8600,
                0.24,
            ),
            ("Linear Guide Block HGH25", "直线导轨滑块 HGH25", "BR-HGH25", 365, 0.42),
        ],
    ),
    (
        "Hydraulic Components",
        "液压件",
        [
            ("Gear Pump CBN-E316", "齿轮泵 CBN-E316", "HY-CBN316", 780, 0.27),
            (
                "Axial Piston Pump A10VSO45",
                "轴向柱塞泵 A10VSO45",
                "HY-A10V45",
                12800,
                0.22,
            ),
            (
                "Solenoid Directional Valve 4WE10",
                "电磁换向阀 4WE10",
                "HY-4WE10",
                1450,
                0.31,
            ),
            ("Relief Valve DBDS10", "溢流阀 DBDS10", "HY-DBDS10", 620, 0.36),
            ("Hydraulic Cylinder 80x400", "液压油缸 80x400", "HY-CYL80", 3900, 0.25),
            (
                "Hydraulic Hose Assembly DN16",
                "液压胶管总成 DN16",
                "HY-HOSE16",
                145,
                0.38,
            ),
            ("Accumulator NXQ-10L", "蓄能器 NXQ-10L", "HY-NXQ10", 2350, 0.29),
            ("Hydraulic Power Unit 7.5 kW", "液压站 7.5kW", "HY-HPU75", 26800, 0.19),
        ],
    ),
    (
        "Transmission Parts",
        "传动件",
        [
            ("Helical Gear Reducer R67", "斜齿轮减速机 R67", "TR-R67", 6800, 0.26),
            (
                "Worm Gear Reducer NMRV075",
                "蜗轮蜗杆减速机 NMRV075",
                "TR-NMRV75",
                1280,
                0.30,
            ),
            ("Planetary Gearbox PLF120", "行星减速机 PLF120", "TR-PLF120", 4600, 0.34),
            (
                "Precision Ball Screw SFU2510",
                "精密滚珠丝杠 SFU2510",
                "TR-SFU2510",
                890,
                0.37,
            ),
            ("Roller Chain 16A-1 (5 m)", "滚子链 16A-1 (5米)", "TR-16A1", 260, 0.28),
            ("Jaw Coupling GR38", "梅花联轴器 GR38", "TR-GR38", 118, 0.41),
            ("Timing Belt Pulley HTD8M", "同步带轮 HTD8M", "TR-HTD8M", 210, 0.39),
            ("Spline Shaft 40x1200", "花键轴 40x1200", "TR-SPL40", 1650, 0.23),
        ],
    ),
    (
        "Sealing",
        "密封件",
        [
            (
                "O-Ring Kit NBR 382 pcs",
                "丁腈 O 型圈套装 382 件",
                "SE-ORK382",
                186,
                0.45,
            ),
            ("Mechanical Seal 560-35", "机械密封 560-35", "SE-MS56035", 420, 0.38),
            ("Oil Seal TC 60x80x10", "骨架油封 TC 60x80x10", "SE-TC6080", 16, 0.44),
            ("PTFE Gasket DN100", "聚四氟乙烯垫片 DN100", "SE-PTFE100", 58, 0.40),
            ("Hydraulic Rod Seal Kit 80", "液压缸密封套件 80", "SE-ROD80", 235, 0.42),
            ("Spiral Wound Gasket DN150", "缠绕垫片 DN150", "SE-SWG150", 132, 0.35),
            ("Cartridge Seal for Pumps", "泵用集装式机械密封", "SE-CART50", 2800, 0.33),
            (
                "Rotary Shaft Lip Seal Viton",
                "氟橡胶旋转轴唇形密封",
                "SE-FKM45",
                48,
                0.43,
            ),
        ],
    ),
    (
        "Electrical Control",
        "电气控制",
        [
            ("PLC Control Cabinet 24 I/O", "PLC 控制柜 24 点", "EC-PLC24", 18600, 0.21),
            ("Variable Frequency Drive 11 kW", "变频器 11kW", "EC-VFD11", 3450, 0.18),
            (
                "Servo Motor and Drive 1.5 kW",
                "伺服电机及驱动器 1.5kW",
                "EC-SRV15",
                4980,
                0.20,
            ),
            ("Proximity Sensor M18", "接近开关 M18", "EC-PRX18", 86, 0.45),
            ("HMI Touch Panel 10 in", "10 寸触摸屏", "EC-HMI10", 2680, 0.24),
            (
                "Motor Protection Breaker 25 A",
                "电动机保护断路器 25A",
                "EC-MPB25",
                310,
                0.30,
            ),
            ("Absolute Rotary Encoder", "绝对值编码器", "EC-ENC13", 1380, 0.34),
            ("Safety Light Curtain 600 mm", "安全光幕 600mm", "EC-SLC600", 2150, 0.31),
        ],
    ),
]

# login, name, pinyin name, job, team index (0 east, 1 national), role
SALESPEOPLE = [
    ("wang.fang", "王芳", "Wang Fang", "销售经理", 0, "manager"),
    ("li.na", "李娜", "Li Na", "区域销售主管", 1, "leader"),
    ("zhang.wei", "张伟", "Zhang Wei", "大客户经理", 0, "key_account"),
    ("liu.yang", "刘洋", "Liu Yang", "销售工程师", 0, "salesman"),
    ("chen.jing", "陈静", "Chen Jing", "大客户经理", 1, "key_account"),
    ("yang.lei", "杨磊", "Yang Lei", "销售工程师", 1, "salesman"),
    ("zhao.min", "赵敏", "Zhao Min", "销售工程师", 1, "salesman"),
    ("huang.tao", "黄涛", "Huang Tao", "销售工程师", 0, "left"),
]
TEAMS = [
    ("East China Sales", "华东销售部", "wang.fang"),
    ("National Sales", "全国销售部", "li.na"),
]
LEFT_DAYS_AGO = 130  # huang.tao left the company about four months ago
# the oldest customers' first orders go back a little more than three years,
# so that the long relationships are mature (lifecycle "maturity after 36 months")
HISTORY_DAYS = 365 * YEARS + 60
COMEBACKS = 6  # quiet customers that ordered again in the last months
PROFILE_MONTHS = 13  # monthly profile runs: the last year and its first day

# prospect companies with a lead or an opportunity, no order yet:
# (lead type, probability, stage sequence)
PROSPECTS = [
    ("lead", 10, 1),
    ("lead", 10, 1),
    ("lead", 10, 1),
    ("opportunity", 20, 1),
    ("opportunity", 30, 2),
    ("opportunity", 40, 2),
    ("opportunity", 60, 2),
    ("opportunity", 70, 3),
    ("opportunity", 80, 3),
]
# (class, reason, with an end date): sales manager overrides
ABC_OVERRIDES = [
    (
        "a",
        "战略客户: 新工厂 2027 年投产 / Strategic customer: new plant in 2027",
        False,
    ),
    (
        "a",
        "集团框架协议谈判中, 年底前按 A 类服务 / "
        "Group framework agreement under negotiation: A service until year end",
        True,
    ),
    (
        "b",
        "产线外迁越南, 明年起需求减半 / Production moving to Vietnam: "
        "half the demand from next year",
        False,
    ),
]
LIFECYCLE_PIN = (
    "maturity",
    "工厂停产检修三个月, 需求不变, 订单下季度恢复 / Plant shut down three months "
    "for overhaul: demand unchanged, orders resume next quarter",
)
# part of a salesperson's portfolio spread over two colleagues
REASSIGN = ("zhao.min", "Automotive Parts", ("yang.lei", "chen.jing"))
# a salesperson calls a dormant customer and marks the retention activity done,
# in her own language, this many months before today: the next monthly runs
# leave it done
RETENTION_DONE = (
    "li.na",
    2,
    "已致电采购经理：生产线搬到新厂区，停产期间不采购，预计明年春季恢复下单，届时再跟进。",
)

PROSPECT_NEEDS = [
    "产线改造轴承选型",
    "液压系统升级",
    "减速机年度框架协议",
    "密封件国产化替代",
    "自动化控制柜项目",
    "新工厂设备配套",
    "备品备件年度采购",
    "伺服系统改造",
    "主机厂配套认证",
    "进口件替代评估",
]


# ---------------------------------------------------------------- helpers ----


def pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def person_name(rng):
    surname = rng.choice(SURNAMES)
    given = rng.choice(GIVEN_NAMES)
    return surname[0] + given[0], f"{given[1]}.{surname[1]}"


def at_hour(day, rng, start=8, end=17):
    """A datetime on ``day`` during office hours (UTC; China is UTC+8)."""
    local = datetime.combine(
        day, dtime(rng.randint(start, end - 1), rng.randint(0, 59))
    )
    return local - timedelta(hours=8)


def sample_day(rng, first, last, trend):
    """A day between first and last; trend > 0 favours the end, < 0 the start."""
    span = (last - first).days
    u = rng.random()
    if trend > 0:
        u = math.sqrt(u)
    elif trend < 0:
        u = 1 - math.sqrt(u)
    return first + timedelta(days=round(u * span))


def next_pay_day(day):
    """Customers run their supplier payments on the 10th and the 25th."""
    for candidate in (day.replace(day=10), day.replace(day=25)):
        if candidate >= day:
            return candidate
    return (day.replace(day=1) + timedelta(days=32)).replace(day=10)


def sql_update_dates(env, table, column, values):
    """UPDATE table SET column = v WHERE id = k for every (k, v) of values."""
    if not values:
        return
    env.cr.execute(
        SQL(
            "UPDATE %(table)s AS t SET %(column)s = v.value "
            "FROM unnest(%(ids)s::int[], %(values)s::timestamp[]) AS v(id, value) "
            "WHERE t.id = v.id",
            table=SQL.identifier(table),
            column=SQL.identifier(column),
            ids=list(values),
            values=list(values.values()),
        )
    )


def sql_date_moves_as_pickings(env, picking_ids, columns):
    """Give the moves of the pickings the dates of their picking: ``columns``
    maps a column of stock_move to one of stock_picking."""
    assignments = SQL(", ").join(
        SQL("%s = picking.%s", SQL.identifier(move), SQL.identifier(picking))
        for move, picking in columns.items()
    )
    env.cr.execute(
        SQL(
            "UPDATE stock_move AS move SET %(assignments)s FROM stock_picking picking "
            "WHERE move.picking_id = picking.id AND picking.id = ANY(%(ids)s)",
            assignments=assignments,
            ids=list(picking_ids),
        )
    )


# ---------------------------------------------------------------- company ----


def setup_company(env):
    """Make the main company a Chinese manufacturer before account is installed."""
    env.ref("base.CNY").active = True
    company = env.ref("base.main_company")
    company.write(
        dict(
            COMPANY,
            country_id=env.ref("base.cn").id,
            state_id=env.ref("base.state_cn_JS").id,
            currency_id=env.ref("base.CNY").id,
            report_header=COMPANY_NAME_EN,
        )
    )
    company.partner_id.write({"lang": "en_US"})
    env.cr.commit()


# ---------------------------------------------------------------- master data


def create_industries(env):
    Industry = env["res.partner.industry"]
    industries = Industry.browse()
    for english, chinese, _domain, _suffix in INDUSTRIES:
        industry = Industry.search([("name", "=", english)], limit=1)
        if not industry:
            industry = Industry.create({"name": english, "full_name": english})
        industry.update_field_translations("name", {"zh_CN": chinese})
        industries |= industry
    return industries


def create_products(env):
    parent = env["product.category"].create({"name": "Industrial Components"})
    products = env["product.product"]
    vals_list, names_zh = [], []
    for english, chinese, items in PRODUCTS:
        category = env["product.category"].create(
            {"name": f"{english} / {chinese}", "parent_id": parent.id}
        )
        for name, name_zh, code, price, margin in items:
            vals_list.append(
                {
                    "name": name,
                    "default_code": code,
                    "categ_id": category.id,
                    "type": "consu",
                    "is_storable": True,
                    "sale_ok": True,
                    "purchase_ok": True,
                    "list_price": price,
                    "standard_price": round(price * (1 - margin), 2),
                    "invoice_policy": "order",
                }
            )
            names_zh.append(name_zh)
    products = products.create(vals_list)
    for product, name_zh in zip(products, names_zh, strict=True):
        product.product_tmpl_id.update_field_translations("name", {"zh_CN": name_zh})
    return products


def stock_products(env, orders_vals):
    """On hand: what the three years of orders take, plus about two months more."""
    demand = defaultdict(float)
    for vals in orders_vals:
        for _command, _id, line in vals["order_line"]:
            demand[line["product_id"]] += line["product_uom_qty"]
    location = (
        env["stock.warehouse"]
        .search([("company_id", "=", env.company.id)], limit=1)
        .lot_stock_id
    )
    for product in env["product.product"].browse(sorted(demand)):
        quantity = math.ceil(demand[product.id] * (1 + 2 / (12 * YEARS)))
        env["stock.quant"]._update_available_quantity(product, location, quantity)


def create_salespeople(env):
    """Users, employees in a Sales department, two teams; huang.tao has left."""
    ref = env.ref
    department = env["hr.department"].create({"name": "Sales / 销售部"})
    common_groups = [
        ref("sales_team.group_sale_salesman").id,
        ref("crm_performance.group_commission_user").id,
    ]
    users_vals = []
    for login, name, _pinyin, _job, _team, role in SALESPEOPLE:
        groups = list(common_groups)
        if role == "manager":
            groups += [
                ref("sales_team.group_sale_manager").id,
                ref("crm_key_account.group_key_account_manager").id,
                ref("crm_performance.group_commission_manager").id,
            ]
        if role == "leader":  # approves her team's commissions
            groups.append(ref("crm_performance.group_commission_manager").id)
        if role == "key_account":
            groups.append(ref("crm_key_account.group_key_account_manager").id)
        users_vals.append(
            {
                "login": login,
                "name": name,
                "password": "demo",
                "email": f"{login}@ecprecision.com.cn",
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
                "group_ids": [Command.set(groups)],
            }
        )
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(users_vals)
    )
    by_login = {user.login: user for user in users}
    employees = env["hr.employee"].create(
        [
            {
                "name": name,
                "user_id": by_login[login].id,
                "department_id": department.id,
                "job_title": job,
                "work_email": f"{login}@ecprecision.com.cn",
            }
            for login, name, _pinyin, job, _team, _role in SALESPEOPLE
        ]
    )
    department.manager_id = employees[0]
    employees[1:].parent_id = employees[0]
    teams = env["crm.team"]
    for index, (english, chinese, leader) in enumerate(TEAMS):
        members = [by_login[row[0]].id for row in SALESPEOPLE if row[4] == index]
        team = env["crm.team"].create(
            {
                "name": english,
                "user_id": by_login[leader].id,
                "member_ids": [Command.set(members)],
                "use_leads": True,
                "use_opportunities": True,
            }
        )
        team.update_field_translations("name", {"zh_CN": chinese})
        teams |= team
    return users, employees, teams


def create_customers(env, rng, industries, users):
    """About 300 companies with 2 to 4 contacts each, and their profile."""
    states = {code: env.ref(f"base.state_cn_{code}") for code, _c, _d in PLACES}
    terms = [
        env.ref("account.account_payment_term_30days"),
        env.ref("account.account_payment_term_45days"),
        env.ref("account.account_payment_term_end_following_month"),
        env.ref("account.account_payment_term_30_days_end_month_the_10"),
    ]
    active_users = [u for u in users if u.login != "wang.fang"]
    used_names = set()
    profiles, vals_list = [], []
    for index in range(CUSTOMER_COUNT):
        industry_index = pick_weighted(rng, range(len(INDUSTRIES)), INDUSTRY_WEIGHTS)
        _english, _chinese, domain_suffix, name_suffix = INDUSTRIES[industry_index]
        state_code, city, district = rng.choice(PLACES)
        while True:
            brand = rng.choice(BRANDS)
            prefix = city.removesuffix("市")
            name = f"{prefix}{brand[0]}{name_suffix}有限公司"
            if name not in used_names:
                break
            prefix = district.removesuffix("区").removesuffix("镇")
            name = f"{prefix}{brand[0]}{name_suffix}有限公司"
            if name not in used_names:
                break
        used_names.add(name)
        domain = f"{brand[1]}-{domain_suffix}{index}.cn"
        profiles.append({"index": index, "industry": industry_index})
        contacts = []
        for role_zh, role_en in ROLES[: rng.randint(2, 4)]:
            contact_name, contact_login = person_name(rng)
            contacts.append(
                Command.create(
                    {
                        "name": contact_name,
                        "function": role_zh,
                        "email": f"{contact_login}@{domain}",
                        "phone": f"+86 1{rng.randint(30, 89)} "
                        f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                        "type": "contact",
                        "comment": role_en,
                    }
                )
            )
        vals_list.append(
            {
                "name": name,
                "is_company": True,
                "company_type": "company",
                "industry_id": industries[industry_index].id,
                "country_id": env.ref("base.cn").id,
                "state_id": states[state_code].id,
                "city": city,
                "street": f"{district}{rng.choice(ROADS)} {rng.randint(1, 999)} 号",
                "zip": f"{rng.randint(100000, 999999)}",
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "phone": f"+86 {rng.randint(10, 999)} {rng.randint(1000, 9999)} "
                f"{rng.randint(1000, 9999)}",
                "lang": "zh_CN",
                "property_payment_term_id": rng.choice(terms).id,
                "user_id": rng.choice(active_users).id,
                "child_ids": contacts,
            }
        )
    customers = (
        env["res.partner"]
        .with_context(mail_create_nosubscribe=True, tracking_disable=True)
        .create(vals_list)
    )
    for profile, customer in zip(profiles, customers, strict=True):
        profile["partner"] = customer
    return profiles


# ---------------------------------------------------------------- history ----


def plan_customers(rng, profiles, today):
    """Size (Pareto), lifecycle and order count of every customer."""
    start = today - timedelta(days=HISTORY_DAYS)
    order = list(range(len(profiles)))
    rng.shuffle(order)
    for rank, index in enumerate(order, start=1):
        profile = profiles[index]
        # a steep power law: the top 12 % bring about three quarters
        profile["rank"] = rank
        profile["weight"] = rank**-1.1 * rng.uniform(0.85, 1.15)
        lifecycle = pick_weighted(
            rng,
            ["steady", "growing", "declining", "quiet", "new"],
            [50, 18, 14, 10, 8] if rank > 20 else [70, 16, 12, 2, 0],
        )
        first, last, trend = start, today - timedelta(days=rng.randint(0, 25)), 0
        if rank > 36 and rng.random() < 0.35:
            first = start + timedelta(days=rng.randint(30, 700))
        if lifecycle == "growing":
            trend = 1
        elif lifecycle == "declining":
            trend = -1
            last = today - timedelta(days=rng.randint(20, 120))
        elif lifecycle == "quiet":
            last = today - timedelta(days=rng.randint(185, 545))
            first = min(first, last - timedelta(days=300))
        elif lifecycle == "new":
            first = today - timedelta(days=rng.randint(45, 150))
        profile.update(lifecycle=lifecycle, first=first, last=last, trend=trend)
    weight_max = max(p["weight"] for p in profiles)
    raw = {p["index"]: 1 + 50 * (p["weight"] / weight_max) ** 0.55 for p in profiles}
    scale = ORDER_TARGET / sum(raw.values())
    for profile in profiles:
        count = max(1, round(raw[profile["index"]] * scale * rng.uniform(0.8, 1.2)))
        if profile["lifecycle"] == "new":
            count = min(count, rng.randint(1, 4))
        profile["orders"] = count


def plan_order(rng, partner, day, lines, *, today, reassign):
    """The values of one sale order on ``day``, and the plan of what happens next."""
    left_user, left_day, manager = reassign
    salesperson = partner.user_id
    if salesperson == left_user and day >= left_day:
        salesperson = manager
    age = (today - day).days
    lead_days = rng.choice([7, 10, 14, 14, 21, 30])
    commitment = day + timedelta(days=lead_days)
    order_vals = {
        "partner_id": partner.id,
        "user_id": salesperson.id,
        "date_order": at_hour(day, rng),
        "commitment_date": at_hour(commitment, rng, 9, 10),
        "client_order_ref": f"PO{day:%y%m}{rng.randint(1000, 9999)}",
        "order_line": lines,
    }
    if age < 4:
        state = "quotation"
    elif age < lead_days - 3:
        state = "confirmed"
    else:
        state = "delivered"
    late = rng.random() < 0.18
    delivered = commitment + timedelta(
        days=rng.randint(1, 15) if late else -rng.randint(1, 5)
    )
    if delivered >= today:
        delivered = today - timedelta(days=1)
        state = "confirmed" if state == "delivered" else state
    partial = state == "delivered" and rng.random() < 0.07
    plan = {
        "day": day,
        "state": state,
        "commitment": commitment,
        "delivered": max(delivered, day),
        "partial": partial,
        "backorder_day": delivered + timedelta(days=rng.randint(6, 20)),
    }
    return order_vals, plan


def plan_orders(rng, profiles, *, products, users, today):
    """Order values for the create call, and the plan of what happens next."""
    left_user = users.filtered(lambda u: u.login == "huang.tao")
    manager = users.filtered(lambda u: u.login == "wang.fang")
    left_day = today - timedelta(days=LEFT_DAYS_AGO)
    reassign = (left_user, left_day, manager)
    total_weight = sum(p["weight"] for p in profiles)
    yearly_revenue = 168_000_000  # CNY excluding VAT, all customers together
    by_category = defaultdict(list)
    for product in products:
        by_category[product.categ_id.id].append(product)
    categories = list(by_category)
    orders_vals, plans = [], []
    for profile in profiles:
        partner = profile["partner"]
        years_active = max((profile["last"] - profile["first"]).days / 365, 0.25)
        revenue = yearly_revenue * YEARS * profile["weight"] / total_weight
        if profile["lifecycle"] in ("quiet", "new"):
            revenue *= min(years_active / YEARS * 1.5, 1)
        order_value = revenue / profile["orders"]
        # each customer buys from its own two or three categories
        favourite = rng.sample(categories, k=rng.randint(2, 3))
        profile.update(favourite=favourite, order_value=order_value)
        for _ in range(profile["orders"]):
            day = sample_day(rng, profile["first"], profile["last"], profile["trend"])
            value = order_value * rng.uniform(0.6, 1.4)
            lines = []
            line_count = rng.randint(1, 4)
            for _line in range(line_count):
                product = rng.choice(by_category[rng.choice(favourite)])
                qty = max(1, round(value / line_count / product.list_price))
                lines.append(
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                )
            order_vals, plan = plan_order(
                rng, partner, day, lines, today=today, reassign=reassign
            )
            orders_vals.append(order_vals)
            plans.append(dict(plan, profile=profile))
    # the comebacks draw from their own stream: the rest stays as it was
    plan_comebacks(
        random.Random(SEED + 1),
        profiles,
        orders_vals,
        plans,
        products=products,
        users=users,
        today=today,
    )
    return orders_vals, plans


def plan_comebacks(rng, profiles, orders_vals, plans, *, products, users, today):
    """A few quiet customers order again in the last months, after a long pause
    that made them dormant: they show as recovered. Their own random stream, so
    that the rest of the history is the same with or without them."""
    left_user = users.filtered(lambda u: u.login == "huang.tao")
    manager = users.filtered(lambda u: u.login == "wang.fang")
    reassign = (left_user, today - timedelta(days=LEFT_DAYS_AGO), manager)
    by_category = defaultdict(list)
    for product in products:
        by_category[product.categ_id.id].append(product)
    last_order = defaultdict(lambda: date.min)
    order_count = defaultdict(int)
    for plan in plans:
        index = plan["profile"]["index"]
        last_order[index] = max(last_order[index], plan["day"])
        order_count[index] += 1
    # the quiet customers with the most orders (short gaps between them) that
    # stopped at least eight months ago
    quiet = sorted(
        (
            p
            for p in profiles
            if p["lifecycle"] == "quiet"
            and order_count[p["index"]] >= 3
            and (today - last_order[p["index"]]).days >= 240
        ),
        key=lambda p: (-order_count[p["index"]], p["index"]),
    )
    for profile in quiet[:COMEBACKS]:
        profile["comeback"] = True
        day = today - timedelta(days=rng.randint(20, 80))
        for _order in range(rng.randint(1, 2)):
            value = profile["order_value"] * rng.uniform(0.5, 1.0)
            lines = []
            line_count = rng.randint(1, 3)
            for _line in range(line_count):
                product = rng.choice(by_category[rng.choice(profile["favourite"])])
                qty = max(1, round(value / line_count / product.list_price))
                lines.append(
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                )
            order_vals, plan = plan_order(
                rng, profile["partner"], day, lines, today=today, reassign=reassign
            )
            orders_vals.append(order_vals)
            plans.append(dict(plan, profile=profile))
            day = min(day + timedelta(days=rng.randint(12, 30)), today)


def confirm_and_deliver(env, rng, orders, plans, today):
    """Confirm, backdate, deliver (late, partial with backorder) the orders."""
    to_confirm = orders.browse(
        [o.id for o, p in zip(orders, plans, strict=True) if p["state"] != "quotation"]
    )
    order_dates = {o.id: o.date_order for o in to_confirm}  # confirming sets now
    for start in range(0, len(to_confirm), 300):
        to_confirm[start : start + 300].action_confirm()
    plan_of = {o.id: p for o, p in zip(orders, plans, strict=True)}
    picking_dates = {
        picking.id: at_hour(plan_of[picking.sale_id.id]["commitment"], rng, 9, 10)
        for picking in to_confirm.picking_ids
    }
    env.flush_all()
    sql_update_dates(env, "sale_order", "date_order", order_dates)
    for column in ("scheduled_date", "date_deadline"):
        sql_update_dates(env, "stock_picking", column, picking_dates)
    sql_date_moves_as_pickings(
        env, picking_dates, {"date": "scheduled_date", "date_deadline": "date_deadline"}
    )
    env.invalidate_all()

    delivered = to_confirm.filtered(lambda o: plan_of[o.id]["state"] == "delivered")
    pickings = delivered.picking_ids.filtered(lambda p: p.state != "done")
    pickings.action_assign()
    for picking in pickings:
        if plan_of[picking.sale_id.id]["partial"]:
            for move in picking.move_ids:
                move.quantity = max(1, math.floor(move.product_uom_qty * 0.6))
    pickings.move_ids.picked = True
    pickings.with_context(skip_sms=True)._action_done()
    done_dates = {}
    for picking in pickings:
        done_dates[picking.id] = at_hour(plan_of[picking.sale_id.id]["delivered"], rng)
    backorders = delivered.picking_ids - pickings
    backorders_done = backorders.filtered(
        lambda p: plan_of[p.sale_id.id]["backorder_day"] < today
    )
    if backorders_done:
        backorders_done.action_assign()
        backorders_done.move_ids.picked = True
        backorders_done.with_context(skip_sms=True)._action_done()
        for picking in backorders_done:
            done_dates[picking.id] = at_hour(
                plan_of[picking.sale_id.id]["backorder_day"], rng
            )
    done_pickings = pickings | backorders_done
    backdate_deliveries(env, done_pickings, done_dates)
    return delivered, done_pickings, backorders - backorders_done


def backdate_deliveries(env, pickings, done_dates):
    """Date the done pickings, their moves and move lines on the delivery day."""
    env.flush_all()
    sql_update_dates(env, "stock_picking", "date_done", done_dates)
    sql_date_moves_as_pickings(env, pickings.ids, {"date": "date_done"})
    env.cr.execute(
        SQL(
            "UPDATE stock_move_line AS line SET date = move.date FROM stock_move move "
            "WHERE line.move_id = move.id AND move.picking_id = ANY(%s)",
            pickings.ids,
        )
    )
    env.invalidate_all()


def invoice_orders(env, orders, plan_of):
    """One invoice per delivered order, dated on the (first) delivery, posted."""
    vals_list = []
    for order in sorted(orders, key=lambda o: plan_of[o.id]["delivered"]):
        vals = order._prepare_invoice()
        vals["invoice_date"] = plan_of[order.id]["delivered"]
        vals["invoice_line_ids"] = [
            Command.create(line._prepare_invoice_line(sequence=line.sequence))
            for line in order.order_line
            if not line.display_type
        ]
        vals_list.append(vals)
    moves = (
        env["account.move"]
        .with_context(default_move_type="out_invoice", tracking_disable=True)
        .create(vals_list)
    )
    moves.action_post()
    return moves


def pay_invoices(env, rng, invoices, today):
    """Customers settle what falls due in a month with one transfer, on the 10th
    or the 25th: most on time, some late, a few invoices never."""
    by_day = defaultdict(list)
    behaviour, pay_days = {}, {}
    for invoice in invoices.sorted(lambda m: (m.invoice_date_due, m.id)):
        partner = invoice.commercial_partner_id
        if partner.id not in behaviour:
            behaviour[partner.id] = pick_weighted(
                rng, ["prompt", "slow", "bad"], [70, 24, 6]
            )
        due = invoice.invoice_date_due
        month = (partner.id, due.year, due.month)
        if month not in pay_days:
            delay = {
                "prompt": rng.randint(-10, 5),
                "slow": rng.randint(5, 50),
                "bad": rng.randint(30, 120),
            }[behaviour[partner.id]]
            pay_days[month] = next_pay_day(due.replace(day=20) + timedelta(days=delay))
        if rng.random() < 0.02:
            continue  # disputed, still open
        day = max(pay_days[month], invoice.invoice_date)
        if day >= today:
            continue
        by_day[day].append(invoice.id)
    return create_payments(env, by_day)


def create_payments(env, by_day):
    """One payment per customer and pay day, as the register-payment wizard with
    group_payment makes it, but created, posted and reconciled in one batch:
    the wizard, called once per pay day, reconciles one payment at a time."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    method_line = journal._get_available_payment_method_lines("inbound")[:1]
    # the lines of every invoice paid, read in one go rather than per payment
    paid = env["account.move"].browse(id_ for ids in by_day.values() for id_ in ids)
    paid.line_ids.fetch(["account_type", "reconciled", "amount_residual", "account_id"])
    vals_list, receivables = [], []
    for day in sorted(by_day):
        by_partner = defaultdict(lambda: env["account.move"])
        for invoice in paid.browse(by_day[day]):
            by_partner[invoice.commercial_partner_id] |= invoice
        for partner, invoices in by_partner.items():
            lines = invoices.line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            )
            if len(invoices) == 1:
                memo = invoices.payment_reference or invoices.ref or invoices.name
            else:  # as the wizard does: GROUP/2026/00001
                memo = company.get_next_batch_payment_communication()
            vals_list.append(
                {
                    "date": day,
                    "amount": sum(lines.mapped("amount_residual")),
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "memo": memo,
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "partner_id": partner.id,
                    "payment_method_line_id": method_line.id,
                    "destination_account_id": lines[0].account_id.id,
                    "invoice_ids": [Command.set(invoices.ids)],
                }
            )
            receivables.append(lines)
    # without write-off values, create() makes no journal entry: action_post()
    # makes them in one account.move create per call; posted a year at a time,
    # so that the entries are numbered in date order as the wizard numbers them
    # (Odoo names the moves of one call 1000 at a time: a call of more than
    # 1000 moves is not numbered in date order)
    payments = (
        env["account.payment"].with_context(skip_invoice_sync=True).create(vals_list)
    )
    for year in sorted({day.year for day in by_day}):
        payments.filtered(lambda p, year=year: p.date.year == year).with_context(
            skip_sale_auto_invoice_send=True
        ).action_post()
    plan = [
        payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        | lines
        for payment, lines in zip(payments, receivables, strict=True)
    ]
    env["account.move.line"]._reconcile_plan(plan)
    return payments


def refund_some(env, rng, invoices, today):
    """Credit notes for returned or defective goods on a few invoices."""
    chosen = rng.sample(list(invoices), k=max(1, len(invoices) // 60))
    vals_list = []
    for invoice in sorted(chosen, key=lambda m: m.invoice_date):
        line = rng.choice(invoice.invoice_line_ids.filtered("product_id"))
        day = min(invoice.invoice_date + timedelta(days=rng.randint(10, 60)), today)
        vals_list.append(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": day,
                "reversed_entry_id": invoice.id,
                "ref": f"退货 / Return: {invoice.name}",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": max(1, round(line.quantity * 0.2)),
                            "price_unit": line.price_unit,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
    refunds = env["account.move"].with_context(tracking_disable=True).create(vals_list)
    refunds.action_post()
    return refunds


# ---------------------------------------------------------------- pipeline ---


def create_pipeline(env, rng, profiles, *, users, teams, products, today):
    """Leads and opportunities in every stage, some won and some lost."""
    stages = env["crm.stage"].search([], order="sequence")
    open_stages = stages.filtered(lambda s: not s.is_won)
    won_stage = stages.filtered("is_won")[:1]
    lost_reasons = env["crm.lost.reason"].search([])
    active_users = users.filtered(lambda u: u.login != "huang.tao")
    team_of = {user.id: team for team in teams for user in team.member_ids}
    vals_list, plans = [], []
    for _index in range(140):
        user = rng.choice(active_users)
        existing = rng.random() < 0.45
        need = rng.choice(PROSPECT_NEEDS)
        product = rng.choice(products)
        revenue = round(product.list_price * rng.randint(20, 2000), -2)
        created = today - timedelta(days=rng.randint(1, 540))
        vals = {
            "user_id": user.id,
            "team_id": team_of[user.id].id,
            "expected_revenue": revenue,
            "description": f"{product.name}",
        }
        if existing:
            partner = rng.choice(profiles)["partner"]
            vals.update(partner_id=partner.id, name=f"{partner.name} - {need}")
        else:
            _place = rng.choice(PLACES)
            brand = rng.choice(BRANDS)
            industry = rng.choice(INDUSTRIES)
            company = f"{_place[1].removesuffix('市')}{brand[0]}{industry[3]}有限公司"
            contact, login = person_name(rng)
            vals.update(
                name=f"{company} - {need}",
                partner_name=company,
                contact_name=contact,
                function=rng.choice(ROLES)[0],
                email_from=f"{login}@{brand[1]}-{industry[2]}.cn",
            )
        outcome = pick_weighted(rng, ["lead", "open", "won", "lost"], [20, 45, 18, 17])
        if outcome == "lead":
            vals["type"] = "lead"
        else:
            vals["type"] = "opportunity"
            vals["stage_id"] = rng.choice(open_stages).id
            vals["date_deadline"] = created + timedelta(days=rng.randint(30, 150))
            if vals["date_deadline"] < today and outcome == "open":
                vals["date_deadline"] = today + timedelta(days=rng.randint(7, 90))
        vals_list.append(vals)
        plans.append((outcome, created))
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nosubscribe=True)
        .create(vals_list)
    )
    won = leads.browse(
        [lead.id for lead, p in zip(leads, plans, strict=True) if p[0] == "won"]
    )
    lost = leads.browse(
        [lead.id for lead, p in zip(leads, plans, strict=True) if p[0] == "lost"]
    )
    if won_stage:
        won.action_set_won()
    for lead in lost:
        lead.action_set_lost(lost_reason_id=rng.choice(lost_reasons).id)
    env.flush_all()
    created_at = {
        lead.id: at_hour(p[1], rng) for lead, p in zip(leads, plans, strict=True)
    }
    for column in ("create_date", "date_open", "date_last_stage_update"):
        sql_update_dates(env, "crm_lead", column, created_at)
    closed_at = {
        lead.id: at_hour(min(p[1] + timedelta(days=rng.randint(20, 120)), today), rng)
        for lead, p in zip(leads, plans, strict=True)
        if p[0] in ("won", "lost")
    }
    sql_update_dates(env, "crm_lead", "date_closed", closed_at)
    env.invalidate_all()
    return leads


def create_prospects(env, rng, *, users, teams, products, today):
    """Prospect companies, no order yet: a few with a lead only (target), a few
    with an opportunity below (potential) and above (opportunity) 50 %."""
    stages = env["crm.stage"].search([("is_won", "=", False)], order="sequence")
    active_users = users.filtered(lambda u: u.login not in ("huang.tao", "wang.fang"))
    team_of = {user.id: team for team in teams for user in team.member_ids}
    used = set(env["res.partner"].search([("is_company", "=", True)]).mapped("name"))
    partners_vals, leads_vals = [], []
    for lead_type, probability, stage_sequence in PROSPECTS:
        state_code, city, district = rng.choice(PLACES)
        industry_index = rng.randrange(len(INDUSTRIES))
        _english, _chinese, domain_suffix, name_suffix = INDUSTRIES[industry_index]
        brand = rng.choice(BRANDS)
        name = f"{district.removesuffix('区')}{brand[0]}{name_suffix}有限公司"
        while name in used:
            brand = rng.choice(BRANDS)
            name = f"{district.removesuffix('区')}{brand[0]}{name_suffix}有限公司"
        used.add(name)
        domain = f"{brand[1]}-{domain_suffix}.com.cn"
        contact, login = person_name(rng)
        user = rng.choice(active_users)
        role = rng.choice(ROLES)
        partners_vals.append(
            {
                "name": name,
                "is_company": True,
                "company_type": "company",
                "industry_id": env["res.partner.industry"]
                .search([("name", "=", INDUSTRIES[industry_index][0])], limit=1)
                .id,
                "country_id": env.ref("base.cn").id,
                "state_id": env.ref(f"base.state_cn_{state_code}").id,
                "city": city,
                "street": f"{district}{rng.choice(ROADS)} {rng.randint(1, 999)} 号",
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "lang": "zh_CN",
                "user_id": user.id,
                "child_ids": [
                    Command.create(
                        {
                            "name": contact,
                            "function": role[0],
                            "email": f"{login}@{domain}",
                            "type": "contact",
                            "comment": role[1],
                        }
                    )
                ],
            }
        )
        product = rng.choice(products)
        created = today - timedelta(days=rng.randint(10, 120))
        leads_vals.append(
            {
                "type": lead_type,
                "name": f"{name} - {rng.choice(PROSPECT_NEEDS)}",
                "user_id": user.id,
                "team_id": team_of[user.id].id,
                "expected_revenue": round(
                    product.list_price * rng.randint(50, 800), -2
                ),
                "description": product.name,
                "probability": probability,
                "stage_id": stages.filtered(
                    lambda s, q=stage_sequence: s.sequence == q
                )[:1].id
                or stages[:1].id,
                "date_deadline": lead_type == "opportunity"
                and today + timedelta(days=rng.randint(20, 120)),
                "_created": created,
            }
        )
    partners = (
        env["res.partner"]
        .with_context(mail_create_nosubscribe=True, tracking_disable=True)
        .create(partners_vals)
    )
    created_at = []
    for partner, vals in zip(partners, leads_vals, strict=True):
        vals["partner_id"] = partner.id
        created_at.append(vals.pop("_created"))
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nosubscribe=True)
        .create(leads_vals)
    )
    # the probability of each stage's deals, as the salesperson judged it
    for lead, vals in zip(leads, leads_vals, strict=True):
        if lead.probability != vals["probability"]:
            lead.probability = vals["probability"]
    env.flush_all()
    dates = {
        lead.id: at_hour(day, rng) for lead, day in zip(leads, created_at, strict=True)
    }
    for column in ("create_date", "date_open", "date_last_stage_update"):
        sql_update_dates(env, "crm_lead", column, dates)
    env.invalidate_all()
    return leads


# ---------------------------------------------------------------- profiles ---


def backdate_ownership(env):
    """Customers have been their salesperson's since their first order."""
    env.flush_all()
    env.cr.execute(
        """
        UPDATE crm_customer_ownership ownership
           SET date_from = first.day
          FROM (SELECT partner.commercial_partner_id AS partner_id,
                       MIN(sale.date_order)::date AS day
                  FROM sale_order sale
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 GROUP BY partner.commercial_partner_id) first
         WHERE ownership.partner_id = first.partner_id
           AND ownership.date_to IS NULL
           AND first.day < ownership.date_from
        """
    )
    env.invalidate_all()


def profile_history(env, company, today):
    """A year of monthly profile runs, then the sales manager's work: class
    overrides, a stage pin and a portfolio reassignment."""
    backdate_ownership(env)
    manager = env["res.users"].search([("login", "=", "wang.fang")])
    company.retention_fallback_user_id = manager
    # each month's run sees the documents of its day only
    handled = env["mail.activity"]
    for months in range(PROFILE_MONTHS - 1, -1, -1):
        day = today - relativedelta(months=months)
        result = env["crm.customer.profile"]._recompute(company, today=day)
        if result.failures:
            raise RuntimeError("; ".join(result.failures.values()))
        if months == RETENTION_DONE[1]:
            handled = retention_done(env, day)

    Profile = env["crm.customer.profile"]
    profiles = Profile.search([("company_id", "=", company.id)])

    def stage(profile):
        return profile.lifecycle_stage_id.code

    # overrides: a small customer becoming strategic, a B customer served as A
    # for a while, an A customer whose demand is about to halve
    candidates = [
        profiles.filtered(
            lambda p: p.abc_class == "c" and stage(p) in ("growth", "exploration")
        )
        or profiles.filtered(lambda p: p.abc_class == "c"),
        profiles.filtered(lambda p: p.abc_class == "b" and stage(p) == "growth")
        or profiles.filtered(lambda p: p.abc_class == "b"),
        profiles.filtered(lambda p: p.abc_class == "a" and stage(p) == "decline")
        or profiles.filtered(lambda p: p.abc_class == "a"),
    ]
    end_of_year = date(today.year, 12, 31)
    until = (
        end_of_year if (end_of_year - today).days >= 30 else date(today.year + 1, 3, 31)
    )
    overridden = Profile
    for (abc_class, reason, ends), chosen in zip(
        ABC_OVERRIDES, candidates, strict=True
    ):
        profile = chosen.sorted(lambda p: (-p.revenue_12m, p.id))[:1]
        env["crm.customer.abc.override"].with_user(manager).create(
            {
                "profile_ids": [Command.set(profile.ids)],
                "abc_class": abc_class,
                "reason": reason,
                "until": ends and until,
            }
        ).action_apply()
        overridden |= profile

    # a pin: a customer whose revenue fell because of a long plant overhaul
    code, reason = LIFECYCLE_PIN
    pinned = (profiles.filtered(lambda p: stage(p) == "decline") - overridden).sorted(
        lambda p: (-p.revenue_prev_12m, p.id)
    )[:1]
    env["crm.customer.lifecycle.pin"].with_user(manager).create(
        {
            "profile_ids": [Command.set(pinned.ids)],
            "stage_id": env["crm.lifecycle.stage"].search([("code", "=", code)]).id,
            "reason": reason,
        }
    ).action_apply()

    # a reassignment: one industry of a salesperson's customers to two colleagues
    source_login, industry_name, target_logins = REASSIGN
    users = env["res.users"].search([("login", "in", [source_login, *target_logins])])
    wizard = (
        env["crm.portfolio.reassign"]
        .with_user(manager)
        .create(
            {
                "source_user_id": users.filtered(lambda u: u.login == source_login).id,
                "industry_ids": [
                    Command.set(
                        env["res.partner.industry"]
                        .search([("name", "=", industry_name)])
                        .ids
                    )
                ],
                "mode": "spread",
                "target_user_ids": [
                    Command.set(users.filtered(lambda u: u.login in target_logins).ids)
                ],
            }
        )
    )
    moved = wizard.partner_ids
    wizard.action_apply()
    env.flush_all()
    return overridden, pinned, moved, handled


def retention_done(env, day):
    """A salesperson calls a dormant customer of hers, three days after the
    run of ``day``, and marks its retention activity done with what she
    learnt; the customer orders nothing afterwards."""
    login, _months, feedback = RETENTION_DONE
    user = env["res.users"].search([("login", "=", login)])
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT DISTINCT partner.commercial_partner_id
              FROM sale_order sale
              JOIN res_partner partner ON partner.id = sale.partner_id
             WHERE sale.date_order > %s
            """,
            day,
        )
    )
    ordering_again = [row[0] for row in env.cr.fetchall()]
    activity = env["mail.activity"].search(
        [
            ("user_id", "=", user.id),
            ("crm_retention_reasons", "=", "dormant"),
            ("res_id", "not in", ordering_again),
        ],
        order="id",
        limit=1,
    )
    with freeze_time(day + relativedelta(days=3, hours=2)):
        activity.with_user(user).with_context(lang=user.lang).action_feedback(
            feedback=feedback
        )
    return activity


def profile_counts(env, company):
    """Customers per ABC class and per lifecycle stage, every one listed."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT classes.code, COUNT(profile.id)
              FROM unnest(ARRAY['a', 'b', 'c', 'none']) AS classes(code)
              LEFT JOIN crm_customer_profile profile
                ON profile.abc_class = classes.code AND profile.company_id = %s
             GROUP BY classes.code ORDER BY classes.code
            """,
            company.id,
        )
    )
    classes = dict(env.cr.fetchall())
    env.cr.execute(
        SQL(
            """
            SELECT stage.code, COUNT(profile.id)
              FROM crm_lifecycle_stage stage
              LEFT JOIN crm_customer_profile profile
                ON profile.lifecycle_stage_id = stage.id
               AND profile.company_id = %s
             GROUP BY stage.code, stage.sequence ORDER BY stage.sequence
            """,
            company.id,
        )
    )
    stages = dict(env.cr.fetchall())
    return classes, stages


def salesperson_left(users, employees):
    """huang.tao has left: user, employee and team membership archived, his
    customers still his."""
    left_user = users.filtered(lambda u: u.login == "huang.tao")
    employees.filtered(lambda e: e.user_id == left_user).active = False
    left_user.env["crm.team.member"].search(
        [("user_id", "=", left_user.id)]
    ).active = False
    left_user.active = False


def profile_phase(env, company, today, customers):
    """The profile history and the manager's work; the summary lines."""
    overridden, pinned, moved, handled = profile_history(env, company, today)
    classes, stages = profile_counts(env, company)
    retention = dict.fromkeys(("open", "handled", "unassigned"), 0)
    retention.update(
        env["crm.customer.profile"]._read_group(
            [("company_id", "=", company.id), ("retention_state", "!=", False)],
            ["retention_state"],
            ["__count"],
        )
    )
    count = {
        model: env[model].search_count([("company_id", "=", company.id)])
        for model in ("crm.customer.abc.history", "crm.lifecycle.history")
    }
    Ownership = env["crm.customer.ownership"]
    comebacks = sum(1 for customer in customers if customer.get("comeback"))
    lines = [
        f"ABC classes    {', '.join(f'{k} {v}' for k, v in classes.items())}"
        f" ({len(overridden)} overridden by wang.fang)",
        f"stages         {', '.join(f'{k} {v}' for k, v in stages.items())}"
        f" ({len(pinned)} pinned; {comebacks} quiet customers ordered again)",
        f"history        {PROFILE_MONTHS} monthly profile runs: "
        f"{count['crm.customer.abc.history']} class changes, "
        f"{count['crm.lifecycle.history']} stage changes; "
        f"{Ownership.search_count([])} ownership periods, "
        f"{len(moved)} customers of {REASSIGN[0]} moved to "
        f"{' and '.join(REASSIGN[2])} "
        f"({Ownership.search_count([('date_to', '!=', False)])} periods closed)",
        f"retention      {retention['open']} customers with an open activity, "
        f"{retention['handled']} handled ({handled.res_name}: done by "
        f"{RETENTION_DONE[0]} {RETENTION_DONE[1]} months ago, not recreated), "
        f"{retention['unassigned']} without an assignee",
    ]
    missing = [k for k, v in (classes | stages).items() if not v]
    if missing:
        lines.append(f"note           no customer in: {', '.join(missing)}")
    return lines


# ---------------------------------------------------------------- main -------


def pareto_share(env, share=0.12):
    env.flush_all()
    env.cr.execute(
        """
        SELECT SUM(-aml.balance) AS revenue
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
         WHERE am.state = 'posted'
           AND am.move_type IN ('out_invoice', 'out_refund')
           AND aml.display_type = 'product'
         GROUP BY am.commercial_partner_id
         ORDER BY 1 DESC
        """
    )
    revenues = [row[0] for row in env.cr.fetchall()]
    top = round(len(revenues) * share)
    return sum(revenues[:top]) / sum(revenues), top, len(revenues), sum(revenues)


def generate(env):
    started = time.monotonic()
    phases = []

    def done(phase):
        phases.append(f"{phase} {time.monotonic() - started:.0f}")

    rng = random.Random(SEED)
    today = date.today()
    env = env(context=dict(env.context, tracking_disable=True, lang="en_US"))
    company = env.company

    industries = create_industries(env)
    products = create_products(env)
    users, employees, teams = create_salespeople(env)
    profiles = create_customers(env, rng, industries, users)
    done("master data")
    plan_customers(rng, profiles, today)
    orders_vals, plans = plan_orders(
        rng, profiles, products=products, users=users, today=today
    )
    orders = (
        env["sale.order"]
        .with_context(mail_create_nosubscribe=True, mail_notrack=True)
        .create(orders_vals)
    )
    plan_of = {o.id: p for o, p in zip(orders, plans, strict=True)}
    stock_products(env, orders_vals)
    env.cr.commit()
    done("orders")
    delivered, done_pickings, open_backorders = confirm_and_deliver(
        env, rng, orders, plans, today
    )
    done("deliveries")
    env.cr.commit()
    invoices = invoice_orders(env, delivered, plan_of)
    done("invoices")
    env.cr.commit()
    payments = pay_invoices(env, rng, invoices, today)
    done("payments")
    refunds = refund_some(env, rng, invoices, today)
    leads = create_pipeline(
        env, rng, profiles, users=users, teams=teams, products=products, today=today
    )
    prospects = create_prospects(
        env,
        random.Random(SEED + 2),
        users=users,
        teams=teams,
        products=products,
        today=today,
    )
    done("pipeline")

    salesperson_left(users, employees)

    profile_lines = profile_phase(env, company, today, profiles)
    done("profiles")
    env["ir.config_parameter"].set_param(
        "crm_industrial_demo.stamp", os.environ.get("DEMO_STAMP", "")
    )
    env.cr.commit()

    share, top, customers, revenue = pareto_share(env)
    late = sum(
        1
        for p in done_pickings
        if p.date_deadline and p.date_done and p.date_done > p.date_deadline
    )
    print(
        f"company        {company.name} / {COMPANY_NAME_EN}, {company.currency_id.name}"
    )
    print(
        f"customers      {len(profiles)} companies, "
        f"{sum(len(p['partner'].child_ids) for p in profiles)} contacts, "
        f"{len(industries)} industries"
    )
    print(f"products       {len(products)} in {len(PRODUCTS)} categories")
    print(f"salespeople    {len(users)} users (huang.tao archived), {len(teams)} teams")
    print(f"sale orders    {len(orders)} ({len(delivered)} delivered and invoiced)")
    print(
        f"deliveries     {len(done_pickings)} done ({late} late), "
        f"{len(open_backorders)} backorders open"
    )
    print(
        f"invoices       {len(invoices)} posted, {len(refunds)} credit notes, "
        f"{len(payments)} payments, "
        f"{len(invoices.filtered(lambda m: m.payment_state == 'not_paid'))} unpaid"
    )
    print(
        f"pipeline       {len(leads)} leads and opportunities, "
        f"{len(prospects)} prospect companies"
    )
    print("\n".join(profile_lines))
    print(
        f"revenue        {revenue:,.0f} CNY; top {top} of {customers} customers "
        f"(12 %) bring {share:.1%}"
    )
    print(f"time           {time.monotonic() - started:.0f} s ({', '.join(phases)})")


STEP = os.environ.get("DEMO_STEP")
if STEP == "company":
    setup_company(env)  # noqa: F821 (env is given by odoo-bin shell)
elif STEP == "data":
    generate(env)  # noqa: F821
print(f"demo: {STEP} done")
