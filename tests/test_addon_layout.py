# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each addon is published as an OCA-style Odoo 19.0 addon, fully translated."""

import ast
from pathlib import Path

import polib
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# in dependency order: each addon needs the one before it, never one after it
ADDONS = ["crm_industrial", "crm_key_account", "crm_performance"]
README_FRAGMENTS = ["DESCRIPTION.md", "USAGE.md", "CONFIGURE.md", "CONTRIBUTORS.md"]


def manifest(addon):
    path = REPO_ROOT / addon / "__manifest__.py"
    return ast.literal_eval(path.read_text(encoding="utf-8").split("\n", 2)[2])


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest(addon):
    values = manifest(addon)
    assert values["version"].startswith("19.0.")
    assert values["license"] == "AGPL-3"
    assert values["category"]
    assert values["summary"]
    for data_file in values.get("data", []):
        assert (REPO_ROOT / addon / data_file).is_file(), data_file


def test_dependencies_go_one_way():
    assert {"crm", "sale_management", "sale_margin", "account", "survey"} <= set(
        manifest("crm_industrial")["depends"]
    )
    assert "crm_claim" in manifest("crm_industrial")["depends"]
    assert set(manifest("crm_key_account")["depends"]) == {
        "crm_industrial",
        "sale_stock",
        "calendar",
    }
    # the landed costs of deliveries correct the cost of a sale
    assert set(manifest("crm_performance")["depends"]) == {
        "crm_key_account",
        "hr",
        "stock_landed_costs",
    }
    for position, addon in enumerate(ADDONS):
        later = set(ADDONS[position + 1 :])
        assert not later & set(manifest(addon)["depends"]), addon


@pytest.mark.parametrize("addon", ADDONS)
def test_every_test_module_is_imported(addon):
    """Odoo's own test runner (odoo-bin --test-enable) runs the modules the
    tests package imports, pytest-odoo the files: both run the same."""
    folder = REPO_ROOT / addon / "tests"
    imported = {
        alias.name
        for node in ast.parse((folder / "__init__.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert {path.stem for path in folder.glob("test_*.py")} <= imported


@pytest.mark.parametrize("addon", ADDONS)
def test_publishing_files(addon):
    folder = REPO_ROOT / addon
    for fragment in README_FRAGMENTS:
        assert (folder / "readme" / fragment).read_text(encoding="utf-8").strip()
    assert (folder / "static" / "description" / "icon.png").is_file()
    pyproject = (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires = ["whool"]' in pyproject
    assert (folder / "tests" / "__init__.py").is_file()


@pytest.mark.parametrize("addon", ADDONS)
def test_chinese_translation_is_complete(addon):
    template = polib.pofile(str(REPO_ROOT / addon / "i18n" / f"{addon}.pot"))
    chinese = polib.pofile(str(REPO_ROOT / addon / "i18n" / "zh_CN.po"))
    assert chinese.metadata["Language"] == "zh_CN"
    translated = {entry.msgid: entry.msgstr for entry in chinese if entry.msgstr}
    missing = [entry.msgid for entry in template if entry.msgid not in translated]
    assert not missing, f"untranslated in {addon}/i18n/zh_CN.po: {missing}"
    for entry in chinese:
        # the same named placeholders, so that formatting never fails in Chinese
        assert sorted(_placeholders(entry.msgid)) == sorted(
            _placeholders(entry.msgstr)
        ), entry.msgid


def _placeholders(text):
    names, rest = [], text
    while "%(" in rest:
        rest = rest[rest.index("%(") + 2 :]
        names.append(rest[: rest.index(")")])
    return names
