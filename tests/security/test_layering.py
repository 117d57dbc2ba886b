"""Layering: code in core/ (the generic views, API, importer, services) reads a model only through
`for_user`. Any other `Model.objects.…` / `_default_manager.…` use must be on the short list below, with why."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "skillsnet"
MANAGERS = {"objects", "_default_manager", "_base_manager"}
# (file under core/, enclosing function or class) -> why it may read without for_user
ALLOWED = {
    ("api.py", "viewset_for"): "DRF's router needs a class queryset; get_queryset() narrows it with for_user",
    ("api.py", "ChangeLogViewSet"): "class queryset; get_queryset() narrows it with for_user",
    ("backup.py", "*"): "backup and restore copy the whole database (the secretariat's CLI)",
    ("changelog.py", "record_change"): "a write",
    ("changelog.py", "history"): "callers check the 'history' action and redact (core.privacy.history_for)",
    ("changelog.py", "*"): "content types of the change log",
    ("derived.py", "*"): "post-write steps over rows the write already touched",
    ("importer.py", "plan_import"): "re-reads a row found through for_user",
    ("importer.py", "run_import"): "re-reads a planned row (found through for_user) to apply its version",
    ("scoping.py", "for_user"): "the door itself",
    ("services.py", "_check_still_in_scope"): "wrapped in restrict() (for_user's policy)",
    ("services.py", "get_for"): "wrapped in restrict() (for_user's policy)",
    ("services.py", "update_object"): "locks a row get_for() found through for_user",
    ("tabular.py", "*"): "turns file cells into values; services.check_links refuses links the user may not see",
    ("demo.py", "*"): "the demo loader (system)",
    ("services.py", "delete_object"): "locks a row get_for() found through for_user",
    ("importer.py", "_write_bulk_once"): "writes rows the plan found through for_user (and content types)",
    ("importer.py", "saved_mapping"): "column mappings: header-to-field names per source, no record data",
    ("importer.py", "save_mapping"): "a write",
    ("import_views.py", "sources"): "column mappings: header-to-field names per source, no record data",
    ("import_views.py", "drafts_of"): "an import on its way is its uploader's alone: filtered by owner=user",
    ("import_views.py", "remember"): "a write of the user's own import on its way",
    ("import_views.py", "forget"): "a write of the user's own import on its way",
    ("imports_bulk.py", "fast_insert"): "a write",
    ("imports_bulk.py", "insert_dicts"): "a write",
    ("imports_spec.py", "*"): "reference data (countries, provinces, languages): public",
    ("jobs.py", "*"): "a job is its owner's: visible_jobs() gives a user's own jobs, all to the secretariat",
    ("keep.py", "version"): "the change log's last key as a version token (a number, no record data)",
}


def _offences(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr in MANAGERS:
            if node.attr == "for_user":
                continue
            owner, up = "<module>", parents.get(node)
            while up is not None:
                if isinstance(up, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                    owner = up.name
                    break
                up = parents.get(up)
            yield node.lineno, owner, f"{ast.unparse(node.value)}.{node.attr}"


def test_core_reads_models_only_through_for_user():
    problems = []
    core = SRC / "core"
    for path in sorted([*core.glob("*.py"), *core.glob("templatetags/*.py")]):
        name = str(path.relative_to(core))
        for line, owner, code in _offences(path):
            if (name, owner) in ALLOWED or (name, "*") in ALLOWED:
                continue
            problems.append(f"core/{name}:{line} in {owner}: {code} without for_user")
    assert problems == []


def test_the_check_catches_a_read_without_for_user(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text("def detail(pk):\n    return Person.objects.get(pk=pk)\n"
                   "def good(user):\n    return Person.objects.for_user(user).all()\n")
    assert [(line, owner) for line, owner, _c in _offences(bad)] == [(2, "detail")]
