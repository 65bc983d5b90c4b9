# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's requirements are read as if the interpreter were Python 3.12."""

import pytest

from tools.odoo_requirements import main, marker_environment, resolve

REQUIREMENTS = """\
# The officially supported versions
Babel==2.9.1 ; python_version < '3.11'  # min version = 2.6.0
Babel==2.10.3 ; python_version >= '3.11' and python_version < '3.13'
Babel==2.17.0 ; python_version >= '3.13'
lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'
lxml==5.2.1; python_version >= '3.12' # (Noble)
lxml-html-clean; python_version >= '3.12'
pywin32 ; sys_platform == 'win32'
polib==1.1.1
"""


def test_pins_chosen_for_python_312():
    pins = list(resolve(REQUIREMENTS.splitlines(), marker_environment("3.12")))
    assert pins == ["Babel==2.10.3", "lxml==5.2.1", "lxml-html-clean", "polib==1.1.1"]


def test_pins_chosen_for_python_311_differ():
    pins = list(resolve(REQUIREMENTS.splitlines(), marker_environment("3.11")))
    assert pins == ["Babel==2.10.3", "lxml==4.9.3", "polib==1.1.1"]


def test_unreadable_line_is_one_clear_error():
    with pytest.raises(SystemExit, match="cannot read requirement 'lxml=='"):
        list(resolve(["lxml=="], marker_environment("3.12")))


def test_command_line(tmp_path, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(REQUIREMENTS, encoding="utf-8")
    main([str(requirements)])
    assert capsys.readouterr().out.splitlines()[1] == "lxml==5.2.1"
