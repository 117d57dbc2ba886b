"""Record addresses are worked out once per model and action, then filled in: the same as reverse() gives,
under any script prefix and for keys that are not integers."""
from types import SimpleNamespace

from django.urls import NoReverseMatch, reverse, set_script_prefix

from skillsnet.core.registry import REGISTRY


def _reverse(name, *args):
    try:
        return reverse(name, args=list(args)) if args else reverse(name)
    except NoReverseMatch:
        return ""


def test_addresses_equal_reverse():
    checked = 0
    for prefix in ("/", "/skills/"):
        set_script_prefix(prefix)
        try:
            for config in REGISTRY.values():
                for action in ("list", "add"):
                    assert config.url(action) == _reverse(f"{config.url_base}_{action}")
                for action in ("detail", "edit", "delete", "history"):
                    for pk in (7, 1234567, "LA"):
                        expected = _reverse(f"{config.url_base}_{action}", pk)
                        assert config.url(action, SimpleNamespace(pk=pk)) == expected, (config.url_base, action, pk)
                        checked += bool(expected)
        finally:
            set_script_prefix("/")
    assert checked > 100
    assert REGISTRY and "/skills/" not in next(iter(REGISTRY.values())).url("list")
