"""Hand-built frameworks, units and qualifications, made through the models and services (test data,
not demo data): a Lao-like source framework (official) and a Chinese-like target framework (proposed)."""
from skillsnet.core import services as core
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.recognition import services
from skillsnet.recognition.models import CompetencyUnit, Framework, Level, LevelReference, Qualification

ACTIVE = Qualification.Status.ACTIVE


def framework(actor, code, country, status, levels, kind="nqf"):
    """levels: [(code, title, aqrf order or None)]; the AQRF framework must exist first."""
    fw = core.create_object(actor, Framework, {"code": code, "name": f"{code} framework", "short_name": code,
                                               "kind": kind, "country": Country.objects.get(pk=country)
                                               if country else None})
    out = {}
    for n, (lcode, title, aqrf) in enumerate(levels, start=1):
        level = core.create_object(actor, Level, {"framework": fw, "code": lcode, "title": title, "order": n})
        out[lcode] = level
        target = Level.objects.get(framework__code="AQRF", order=aqrf) if aqrf else None
        core.create_object(actor, LevelReference, {
            "level": level, "aqrf_level": target, "status": status,
            "source": f"{code} test source", "validated_by": "Test authority" if status == "official" else ""})
    return out


def unit(actor, code, title, country, outcomes, hours=None, level=None):
    return core.create_object(actor, CompetencyUnit, {
        "code": code, "title": title, "country": Country.objects.get(pk=country), "learning_outcomes": outcomes,
        "nominal_hours": hours, "level": level, "isco_occupation": IscoOccupation.objects.get(pk="7231")})


def qualification(actor, title, country, level, core_units=(), elective_units=(), status=ACTIVE):
    q = core.create_object(actor, Qualification, {
        "title": title, "country": Country.objects.get(pk=country), "level": level, "status": status,
        "isco_occupation": IscoOccupation.objects.get(pk="7231")})
    for u in core_units:
        services.add_unit(actor, q.pk, u.pk, "core")
    for u in elective_units:
        services.add_unit(actor, q.pk, u.pk, "elective")
    return q


def world(actor):
    """AQRF (levels 1-5), a source framework LX (official) and a target framework CX (proposed);
    a target qualification in CN with three core units."""
    aqrf = core.create_object(actor, Framework, {"code": "AQRF", "name": "AQRF", "kind": "aqrf"})
    for n in range(1, 6):
        lvl = core.create_object(actor, Level, {"framework": aqrf, "code": str(n), "title": f"AQRF level {n}",
                                                "order": n})
        core.create_object(actor, LevelReference, {"level": lvl, "aqrf_level": lvl, "status": "official",
                                                   "source": "AQRF", "validated_by": "AQRF Committee"})
    lx = framework(actor, "LX", "LA", "official", [("c2", "Certificate II", 2), ("dip", "Diploma", 4)])
    cx = framework(actor, "CX", "CN", "proposed", [("senior", "Senior worker", 4)])
    brakes = unit(actor, "CN-01", "Inspect and repair brake systems", "CN",
                  ["Inspect disc and drum brakes", "Replace brake pads and shoes"], 80)
    engine = unit(actor, "CN-02", "Service petrol engines", "CN",
                  ["Change engine oil and filters", "Adjust valve clearance"], 120)
    electrics = unit(actor, "CN-03", "Diagnose vehicle electrical systems", "CN",
                     ["Read fault codes with an on-board diagnostics scanner", "Test starter motors and alternators"],
                     60)
    target = qualification(actor, "Motor vehicle maintenance (senior worker)", "CN", cx["senior"],
                           [brakes, engine, electrics])
    return {"lx": lx, "cx": cx, "target": target, "brakes": brakes, "engine": engine, "electrics": electrics}


def source_units(actor, prefix, titles_outcomes):
    return [unit(actor, f"{prefix}-{n}", title, "LA", outcomes, hours)
            for n, (title, outcomes, hours) in enumerate(titles_outcomes, start=1)]


LA_BRAKES = ("Brake maintenance", ["Maintain hydraulic braking circuits on light vehicles"], 80)
LA_ENGINE = ("Engine servicing", ["Service four-stroke engines on light vehicles"], 120)
LA_ELECTRICS = ("Automotive electrics", ["Check wiring harnesses of light vehicles"], 60)
LA_WELDING = ("Welding of steel structures", ["Weld mild steel plates in flat position"], 100)
