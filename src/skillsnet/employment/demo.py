"""The demo holds no vacancy: the seed articles state none (DESIGN §6). `skillsnet demo --examples` adds a clearly
labelled example set (load_examples), every record marked is_example and shown as "[example]"."""


def load(actor):
    """Seed-derived employment data: none is stated in the seed articles, so nothing is loaded."""
    return None


def load_examples(actor):
    from .examples import load_examples as load

    return load(actor)
