# Copyright 2026 The crm_industrial authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Print Odoo's Python requirements as pins that install as wheels here.

Odoo 19.0 pins old versions for Python 3.11 that only build from source and
fail; the pins it chose for Python 3.12 are published as wheels for 3.11 too.
This reads ``$ODOO_SRC/requirements.txt`` and evaluates every environment
marker as if the interpreter were ``TARGET_PYTHON`` (3.12 by default).
"""

import argparse
import sys

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement

TARGET_PYTHON = "3.12"


def marker_environment(target_python):
    """Return the marker environment of this machine, with another Python."""
    environment = default_environment()
    environment["python_version"] = target_python
    environment["python_full_version"] = f"{target_python}.0"
    return environment


def resolve(lines, environment):
    """Yield the requirement strings (without markers) that apply."""
    for raw_line in lines:
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise SystemExit(f"cannot read requirement {line!r}: {error}") from error
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        requirement.marker = None
        yield str(requirement)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", help="path of Odoo's requirements.txt")
    parser.add_argument("--python", default=TARGET_PYTHON, dest="target_python")
    args = parser.parse_args(argv)
    with open(args.requirements, encoding="utf-8") as handle:
        pins = list(resolve(handle, marker_environment(args.target_python)))
    sys.stdout.write("\n".join(pins) + "\n")


if __name__ == "__main__":
    main()
