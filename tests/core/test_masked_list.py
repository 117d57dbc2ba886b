"""A list of records from any serializer of the API masks links the caller may not see (core.api.MaskedListSerializer),
unless the serializer names its own list class — declared in its Meta or inherited from a parent's Meta."""
from rest_framework import serializers

from skillsnet.core.api import MaskedLinksMixin, MaskedListSerializer
from skillsnet.directory.models import Country


class CustomList(serializers.ListSerializer):
    pass


class PlainCountry(MaskedLinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class ParentWithList(MaskedLinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code"]
        list_serializer_class = CustomList


class ChildInheritingList(ParentWithList):
    class Meta(ParentWithList.Meta):
        fields = ["code", "name"]


def test_default_list_is_masked_and_meta_is_left_as_declared():
    assert type(PlainCountry(many=True)) is MaskedListSerializer
    assert "list_serializer_class" not in vars(PlainCountry.Meta)


def test_a_list_class_named_in_meta_or_inherited_is_kept():
    assert type(ParentWithList(many=True)) is CustomList
    assert type(ChildInheritingList(many=True)) is CustomList  # before: replaced by the masked list
    assert "list_serializer_class" not in vars(ChildInheritingList.Meta)
