from django import template

from skillsnet.accounts.permissions import restrict

register = template.Library()


@register.simple_tag
def visible_versions(curriculum, user):
    return list(restrict(curriculum.versions.all(), user, "view").order_by("number"))


@register.simple_tag
def previous_version(version):
    return version.curriculum.versions.filter(number__lt=version.number).order_by("-number").first()


@register.filter
def join_if_list(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value) or "—"
    return value
