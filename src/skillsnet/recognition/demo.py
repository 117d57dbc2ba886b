"""Demo data of recognition: the shipped reference frameworks only.

The seeds name "joint curriculum design" (seed 000) and a first Panda College training project on
vehicle inspection and maintenance (seed 002) but state no qualification, unit or curriculum, so
none is invented here.
"""
from .services import load_frameworks


def load(actor):
    return load_frameworks(actor)
