"""The rules are the whole policy: every model is classified, no role name appears outside the rules module,
core imports no domain app."""
import ast
import re
from pathlib import Path

from django.apps import apps

from skillsnet.accounts import rules

SRC = Path(__file__).resolve().parents[2] / "src" / "skillsnet"
CLASSES = {"public": rules.PUBLIC_MODELS, "network": rules.NETWORK_MODELS, "personal": rules.PERSONAL_MODELS,
           "staff": rules.STAFF_MODELS, "system": rules.SYSTEM_MODELS}


def test_every_registered_model_is_classified_exactly_once():
    unclassified, twice = [], []
    for model in apps.get_models(include_auto_created=False):
        label = model._meta.label_lower
        hits = [name for name, labels in CLASSES.items() if label in labels]
        if not hits:
            unclassified.append(label)
        elif len(hits) > 1:
            twice.append((label, hits))
    assert unclassified == [], f"models not classified in accounts/rules.py: {unclassified}"
    assert twice == []


def test_no_classified_label_is_stale():
    known = {m._meta.label_lower for m in apps.get_models()}
    stale = sorted(set().union(*CLASSES.values()) - known)
    assert stale == []


def test_personal_flag_on_models_agrees_with_the_rules():
    """Models still carry `personal_data` for readers of the code; the rules decide, and must agree."""
    disagree = [m._meta.label_lower for m in apps.get_models()
                if getattr(m, "personal_data", False) and m._meta.label_lower not in
                (rules.PERSONAL_MODELS | rules.STAFF_MODELS)]
    assert disagree == []


ROLE_NAME = re.compile(r"""["'](%s)["']""" % "|".join(map(re.escape, [*rules.ROLES, rules.ANONYMOUS_ROLE])))


def test_no_role_name_outside_the_rules_module():
    offenders = []
    for path in SRC.rglob("*"):
        if path.suffix not in (".py", ".html") or "migrations" in path.parts or "locale" in path.parts:
            continue
        if path == SRC / "accounts" / "rules.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_NAME.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    # "public" is also an ordinary word in data (resource access levels, organisation sectors)
    offenders = [o for o in offenders if not re.search(r"""["']public["']""", o.split(": ", 1)[1])
                 or "role" in o.lower()]
    assert offenders == []


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name


# core names no other app anywhere (the demo loader finds each app's demo module by name).
CORE_IMPORT_ALLOWED = set()


def test_core_imports_no_domain_app():
    offenders = []
    for path in (SRC / "core").rglob("*.py"):
        rel = path.relative_to(SRC / "core")
        if rel.parts[0] in CORE_IMPORT_ALLOWED or "migrations" in rel.parts:
            continue
        for module in _imports(path):
            if module.startswith("skillsnet.") and not module.startswith(("skillsnet.core", "skillsnet.wsgi")):
                offenders.append(f"core/{rel}: {module}")
    assert offenders == []


def test_no_optional_app_machinery():
    """Every app is always installed: no "is this app installed" guards, no imports that swallow a missing app."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2] == "bench":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("is_installed(", "except ImportError", "if (BASE_DIR / _app"):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
        if path.name == "urls.py" and "ModuleNotFoundError" in text:
            offenders.append(f"{path.relative_to(SRC)}: swallows a missing urls module")
    assert offenders == []
