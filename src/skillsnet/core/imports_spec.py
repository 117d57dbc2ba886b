"""What an import file may say and how it is read: header synonyms (in the five UI languages) that propose a
column mapping, and value resolvers that accept countries, provinces, languages, kinds and other choices by code
or by name or label in any of the five languages, and related records by id, name, alias, e-mail or external id.

Every resolver works on the whole column at once (set-based: one query per column, never one per row) and
answers, for each distinct cell text, either a value or an error with a reason and a suggestion.
"""
import functools
import gettext as gettext_module
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _

from .i18n import CONTENT_LANGUAGES

UI_LANGUAGES = ["en", "zh-hans", "lo", "km", "id"]
_PYCOUNTRY_LOCALES = {"zh-hans": "zh_CN", "lo": "lo", "km": "km", "id": "id"}
LANGUAGE_WORDS = {  # how a header names the language of a multilingual column
    "": ["english", "en", "英文", "ພາສາອັງກິດ", "អង់គ្លេស", "inggris"],
    "zh_hans": ["chinese", "zh", "中文", "汉语", "ພາສາຈີນ", "ចិន", "cina", "mandarin"],
    "lo": ["lao", "laos", "ລາວ", "ພາສາລາວ", "老挝", "老挝语", "ឡាវ"],
    "km": ["khmer", "cambodian", "ខ្មែរ", "高棉", "高棉语", "ຂະແມ"],
    "id": ["indonesian", "bahasa", "indonesia", "印尼", "印尼语"],
}
# Extra header words people use for common fields, in the five languages (the fields' own labels, in every
# UI language, are added automatically).
SYNONYMS = {
    "id": ["id", "record id", "skillsnet id", "编号", "ລະຫັດ"],
    "name": ["name", "institution", "institute", "institution name", "name of institution", "name of institute",
             "school", "college", "organisation", "organization", "tvet institute", "tvet institution",
             "full name", "person", "participant", "nama", "nama lembaga", "nama lengkap", "名称", "机构名称",
             "学校名称", "姓名", "ຊື່", "ຊື່ສະຖາບັນ", "ឈ្មោះ", "ឈ្មោះគ្រឹះស្ថាន"],
    "kind": ["type", "category", "institution type", "type of institution", "jenis", "类型", "类别", "ປະເພດ",
             "ប្រភេទ"],
    "country": ["nation", "country name", "negara", "国家", "ປະເທດ", "ប្រទេស"],
    "province": ["province", "state", "region", "province name", "provinsi", "省", "省份", "ແຂວງ", "ខេត្ត",
                 "province city", "province/city"],
    "city": ["town", "city", "district", "municipality", "location", "kota", "kabupaten", "城市", "市", "ເມືອງ",
             "ក្រុង", "ស្រុក"],
    "acronyms": ["acronym", "abbreviation", "short name", "short form", "singkatan", "简称", "缩写", "ຊື່ຫຍໍ້",
                 "អក្សរកាត់"],
    "aliases": ["alias", "other names", "also known as", "aka", "former name", "nama lain", "别名", "ຊື່ອື່ນ"],
    "website": ["web", "url", "site", "web site", "homepage", "situs", "网站", "网址", "ເວັບໄຊ", "គេហទំព័រ"],
    "email": ["e-mail", "email address", "mail", "surel", "邮箱", "电子邮件", "ອີເມວ", "អ៊ីមែល"],
    "phone": ["telephone", "tel", "phone number", "contact number", "mobile", "telepon", "电话", "ໂທລະສັບ",
              "ទូរស័ព្ទ"],
    "founded": ["established", "year established", "year founded", "founding year", "date established",
                "didirikan", "tahun berdiri", "成立", "成立时间", "成立年份", "ສ້າງຕັ້ງ", "បង្កើត"],
    "description": ["notes", "remarks", "about", "keterangan", "说明", "简介", "ລາຍລະອຽດ", "ការពិពណ៌នា"],
    "person": ["person", "participant", "participant name", "trainee", "student", "teacher", "name",
               "peserta", "参与者", "学员", "ຜູ້ເຂົ້າຮ່ວມ", "អ្នកចូលរួម"],
    "activity": ["activity", "event", "training", "course", "workshop", "kegiatan", "活动", "培训",
                 "ກິດຈະກໍາ", "សកម្មភាព"],
    "organisation": ["organisation", "organization", "institution", "institute", "school", "college",
                     "employer", "lembaga", "单位", "机构", "ອົງການ", "ស្ថាប័ន"],
    "sex": ["gender", "sex", "jenis kelamin", "性别", "ເພດ", "ភេទ"],
    "role": ["role", "function", "peran", "角色", "ບົດບາດ", "តួនាទី"],
    "hours": ["hours", "training hours", "hours attended", "jam", "学时", "ຊົ່ວໂມງ", "ម៉ោង"],
    "birth_year": ["year of birth", "born", "tahun lahir", "出生年份", "ປີເກີດ"],
    "nationality": ["citizenship", "kewarganegaraan", "国籍", "ສັນຊາດ", "សញ្ជាតិ"],
    "external_id": ["student number", "student id", "staff number", "employee id", "national id", "nim", "nik",
                    "学号", "工号", "ເລກປະຈໍາຕົວ"],
    "title": ["title", "programme", "program", "course title", "judul", "名称", "ຫົວຂໍ້"],
    "version": ["version"],
}
# Columns that are not fields of the model but help find a related record (participations by the person's
# e-mail, external id or organisation).
HELPER_COLUMNS = {
    "people.participation": {
        "person_email": ["e-mail", "email", "email address", "mail", "邮箱", "ອີເມວ"],
        "person_external_id": ["student number", "student id", "staff number", "external id", "学号",
                               "ເລກປະຈໍາຕົວ"],
        "person_organisation": ["organisation", "organization", "institution", "institute", "school",
                                "college", "employer", "lembaga", "单位", "机构", "ອົງການ", "ស្ថាប័ន"],
    },
}
SKIP_FIELDS = {"search_text", "created_at", "updated_at"}
_SUFFIXES = re.compile(r"\b(province|prefecture|municipality|capital|city|provinsi|kota|kabupaten|region|"
                       r"state|district|autonomous region)\b")


_NORM_CACHE = {}
_NON_WORD = re.compile(r"[\W_]+")


def norm(text):
    """Compare headers and names ignoring case, spacing, accents and punctuation."""
    if type(text) is str:  # an import normalises the same names several times (matching, keys, duplicates)
        hit = _NORM_CACHE.get(text)
        if hit is None:
            if len(_NORM_CACHE) > 200_000:
                _NORM_CACHE.clear()
            hit = _NORM_CACHE[text] = _norm(text)
        return hit
    return _norm(text)


def _norm(text):
    text = str(text or "")
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        return _NON_WORD.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c) or ord(c) > 0x0E00)
    return _NON_WORD.sub("", text)


def norm_words(text):
    if type(text) is str and text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c) or ord(c) > 0x0E00)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


# ---------------------------------------------------------------- columns and header synonyms
def importable_fields(model, config):
    names = config.io_columns or ["id", *config.fields]
    out = []
    for name in names:
        if name in SKIP_FIELDS:
            continue
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        out.append(name)
    if any(f.name == "version" for f in model._meta.concrete_fields) and "version" not in out:
        out.append("version")
    return out


def _labels(model, name):
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    verbose = getattr(f, "verbose_name", None)
    if verbose is None:
        return []
    out = []
    for lang in UI_LANGUAGES:
        with translation.override(lang):
            out.append(str(verbose))
    return out


@functools.lru_cache(maxsize=64)
def _synonym_table(model, config_key):
    from .registry import config_for

    config = config_for(model)
    table = {}  # normalised header -> field (first come wins: the field's own name beats a synonym)

    def add(header, field_name):
        key = norm(header)
        if key and key not in table:
            table[key] = field_name

    fields = importable_fields(model, config)
    for name in fields:
        add(name, name)
    for name in fields:
        for label in _labels(model, name):
            add(label, name)
    for name in fields:  # multilingual columns: "name (Lao)", "Lao name", "ຊື່ ລາວ"...
        for code, suffix, _label in CONTENT_LANGUAGES:
            if suffix and name.endswith("_" + suffix):
                base = name[: -len(suffix) - 1]
                for word in LANGUAGE_WORDS[suffix]:
                    for b in [base, *SYNONYMS.get(base, [])[:3]]:
                        add(f"{b} {word}", name)
                        add(f"{word} {b}", name)
                        add(f"{b} in {word}", name)
    for name in fields:
        for synonym in SYNONYMS.get(name, []):
            add(synonym, name)
    for helper, synonyms in HELPER_COLUMNS.get(model._meta.label_lower, {}).items():
        add(helper, helper)
        for synonym in synonyms:
            add(synonym, helper)
    return table


def field_choices(model):
    """[(value, label)] of what a column may be mapped to, for the mapping page."""
    from .registry import config_for

    config = config_for(model)
    out = []
    for name in importable_fields(model, config):
        f = model._meta.get_field(name)
        out.append((name, f"{f.verbose_name} ({name})" if name != "id" else "id"))
    for helper in HELPER_COLUMNS.get(model._meta.label_lower, {}):
        out.append((helper, helper_label(helper)))
    return out


def helper_label(helper):
    return {"person_email": _("person's e-mail (to find the person)"),
            "person_external_id": _("person's external id (to find the person)"),
            "person_organisation": _("person's organisation (to find the person by name)")}.get(helper, helper)


def propose_mapping(model, header, saved=None):
    """{column index: field name or ""} for a file's header: the saved mapping of this source first, then the
    field names, their labels in the five UI languages and common synonyms; each field used once."""
    table = _synonym_table(model, model._meta.label_lower)
    saved = saved or {}
    mapping, used = {}, set()
    for index, h in enumerate(header):
        key = norm(h)
        target = saved.get(key) if key in saved else table.get(key, "")
        if target and target in used:
            target = ""
        mapping[index] = target or ""
        if target:
            used.add(target)
    # a header naming a person column and a separate "name" header: "name" means the person in participations
    return mapping


# ---------------------------------------------------------------- resolved values
@dataclass
class Problem:
    reason: str
    suggestion: str = ""
    candidates: list = field(default_factory=list)


@functools.lru_cache(maxsize=8)
def _pycountry_translations(domain, lang):
    import pycountry

    try:
        return gettext_module.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None


def _translated_names(domain, names):
    out = set()
    for lang in _PYCOUNTRY_LOCALES.values():
        tr = _pycountry_translations(domain, lang)
        if tr is None:
            continue
        for n in names:
            t = tr.gettext(n)
            if t and t != n:
                out.add(t)
    return out


@functools.lru_cache(maxsize=1)
def _country_index():
    """normalised code or name in any of the five languages -> alpha-2 code."""
    import pycountry

    Country = apps.get_model("directory", "Country")  # reference data, by label (core imports no app)

    index = {}
    for code, alpha3, name in Country.objects.values_list("code", "alpha3", "name"):
        names = {code, alpha3, name}
        c = pycountry.countries.get(alpha_2=code)
        if c is not None:
            names |= {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        names |= _translated_names("iso3166-1", [n for n in names if len(n) > 3])
        for n in names:
            index.setdefault(norm(n), code)
    for alias, code in {"Laos": "LA", "Lao PDR": "LA", "Lao People's Democratic Republic": "LA",
                        "PR China": "CN", "People's Republic of China": "CN", "Vietnam": "VN", "Burma": "MM",
                        "Kampuchea": "KH", "中国": "CN", "老挝": "LA", "柬埔寨": "KH", "印度尼西亚": "ID",
                        "印尼": "ID", "缅甸": "MM", "ລາວ": "LA", "ຈີນ": "CN", "ກໍາປູເຈຍ": "KH", "កម្ពុជា": "KH",
                        "ឡាវ": "LA", "ចិន": "CN"}.items():
        index.setdefault(norm(alias), code)
    return index


# Common spellings of provinces that differ from their ISO 3166-2 names (the names ministries publish).
PROVINCE_SPELLINGS = {
    "KH-1": ["Banteay Meanchey"], "KH-2": ["Battambang"], "KH-3": ["Kampong Cham"], "KH-4": ["Kampong Chhnang"],
    "KH-5": ["Kampong Speu"], "KH-6": ["Kampong Thom"], "KH-7": ["Kampot"], "KH-8": ["Kandal"],
    "KH-9": ["Koh Kong"], "KH-10": ["Kratie"], "KH-11": ["Mondulkiri"], "KH-12": ["Phnom Penh", "ភ្នំពេញ", "金边"],
    "KH-13": ["Preah Vihear"], "KH-14": ["Prey Veng"], "KH-15": ["Pursat"], "KH-16": ["Ratanakiri"],
    "KH-17": ["Siem Reap", "暹粒"], "KH-18": ["Preah Sihanouk", "Sihanoukville", "西哈努克"],
    "KH-19": ["Stung Treng"], "KH-20": ["Svay Rieng"], "KH-21": ["Takeo"], "KH-22": ["Oddar Meanchey"],
    "KH-23": ["Kep"], "KH-24": ["Pailin"], "KH-25": ["Tboung Khmum"],
    "LA-VT": ["Vientiane Capital", "Vientiane Prefecture", "Vientiane Municipality", "ນະຄອນຫຼວງວຽງຈັນ",
              "万象市"],
    "LA-VI": ["Vientiane Province", "ແຂວງວຽງຈັນ", "万象省"], "LA-LP": ["Luang Prabang", "Luang Phabang", "琅勃拉邦"],
    "LA-SV": ["Savannakhet"], "LA-CH": ["Champasack", "Champassak", "Champasak"], "LA-AT": ["Attapeu"],
    "LA-BK": ["Bokeo"], "LA-BL": ["Bolikhamxay", "Bolikhamsai", "Borikhamxay"], "LA-HO": ["Houaphanh", "Huaphan"],
    "LA-KH": ["Khammouane", "Khammouan"], "LA-LM": ["Luang Namtha"], "LA-OU": ["Oudomxay", "Oudomxai"],
    "LA-PH": ["Phongsaly", "Phongsali"], "LA-SL": ["Saravane", "Salavan"], "LA-XE": ["Sekong", "Xekong"],
    "LA-XA": ["Xayaboury", "Sainyabuli", "Xayabury"], "LA-XI": ["Xiengkhouang", "Xieng Khouang"],
    "LA-XS": ["Xaisomboun", "Xaysomboun"],
}


@functools.lru_cache(maxsize=1)
def _subdivision_index():
    """normalised name/code -> {code: (country, name)}; names with their type word dropped as well."""
    Subdivision = apps.get_model("directory", "Subdivision")  # reference data, by label (core imports no app)

    index = {}
    rows = list(Subdivision.objects.values_list("code", "country_id", "name", "kind"))
    for code, country, name, kind in rows:
        names = {code, name, f"{name} {kind}" if kind else name}
        names |= _translated_names("iso3166-2", [name])
        for n in names:
            index.setdefault(norm(n), {})[code] = (country, name, kind)
        short = norm(code.split("-", 1)[1]) if "-" in code else ""
        if short:
            index.setdefault("#" + short, {})[code] = (country, name, kind)
        for n in PROVINCE_SPELLINGS.get(code, []):
            index.setdefault(norm(n), {})[code] = (country, name, kind)
        bare = norm(_SUFFIXES.sub(" ", norm_words(name)))
        if bare and bare != norm(name):
            index.setdefault(bare, {})[code] = (country, name, kind)
    return index


@functools.lru_cache(maxsize=1)
def _language_index():
    import pycountry

    Language = apps.get_model("directory", "Language")  # reference data, by label (core imports no app)

    index = {}
    for code, alpha3, name in Language.objects.values_list("code", "alpha3", "name"):
        names = {code, alpha3, name} - {""}
        names |= _translated_names("iso639-3", [name])
        for n in names:
            index.setdefault(norm(n), code)
    for alias, code in {"中文": "zh", "汉语": "zh", "普通话": "zh", "Mandarin": "zh", "ລາວ": "lo", "ພາສາລາວ": "lo",
                        "老挝语": "lo", "ខ្មែរ": "km", "高棉语": "km", "Bahasa Indonesia": "id", "印尼语": "id",
                        "ພາສາອັງກິດ": "en", "英语": "en", "English": "en", "Cambodian": "km"}.items():
        index.setdefault(norm(alias), code)
    del pycountry
    return index


def _index(function):
    """A cached index, rebuilt once when it was built before the reference data was loaded."""
    index = function()
    if not index:
        function.cache_clear()
        index = function()
    return index


def clear_caches():
    """After reference data changes (tests load it once per database)."""
    for f in (_country_index, _subdivision_index, _language_index, _synonym_table):
        f.cache_clear()


@functools.lru_cache(maxsize=128)
def choice_index(model, field_name):
    f = model._meta.get_field(field_name)
    index = {}
    for value, label in f.flatchoices:
        index.setdefault(norm(value), value)
        for lang in UI_LANGUAGES:
            with translation.override(lang):
                index.setdefault(norm(str(label)), value)
    return index


def choice_labels(model, field_name):
    f = model._meta.get_field(field_name)
    return ", ".join(f"{value} ({label})" for value, label in f.flatchoices)


TRUE_WORDS = {norm(w) for w in ["true", "yes", "y", "1", "x", "✓", "是", "对", "有", "ya", "benar", "ແມ່ນ", "ມີ",
                                "បាទ", "ចាស", "មាន"]}
FALSE_WORDS = {norm(w) for w in ["false", "no", "n", "0", "", "否", "无", "没有", "tidak", "bukan", "ບໍ່",
                                 "ບໍ່ມີ", "ទេ", "គ្មាន"]}


def resolve_country(text):
    code = _index(_country_index).get(norm(text))
    if code:
        return code, None
    return None, Problem(_("Unknown country: %(value)s.") % {"value": text},
                         _("Write the country's name (e.g. Cambodia, 柬埔寨) or its ISO code (KH)."))


def resolve_subdivision(text, country=None):
    """(code, None) or (None, Problem). `country` (alpha-2) narrows names that several countries share."""
    index = _index(_subdivision_index)
    key = norm(text)
    found = dict(index.get(key, {}))
    if not found and country:
        found = dict(index.get("#" + key, {}))
        if not found:
            found = dict(index.get(norm(_SUFFIXES.sub(" ", norm_words(text))), {}))
    if country:
        found = {c: v for c, v in found.items() if v[0] == country}
    if len(found) == 1:
        return next(iter(found)), None
    if len(found) > 1:
        candidates = [f"{code} ({name}, {kind})" if kind else f"{code} ({name})"
                      for code, (_c, name, kind) in sorted(found.items())]
        return None, Problem(_("'%(value)s' is ambiguous: it may be %(candidates)s.")
                             % {"value": text, "candidates": "; ".join(candidates)},
                             _("Write the code, e.g. %(code)s.") % {"code": sorted(found)[0]}, candidates)
    suggestion = _("Write the province's name as in ISO 3166-2 or its code (e.g. LA-VT).")
    near = _near_subdivision(text, country)
    if near:
        suggestion = _("Did you mean %(candidates)s?") % {"candidates": " / ".join(near)}
    return None, Problem(_("Unknown province: %(value)s.") % {"value": text}, suggestion, near)


def _near_subdivision(text, country):
    from rapidfuzz import fuzz, process

    choices = {}
    for key, codes in _subdivision_index().items():
        for code, (c, name, kind) in codes.items():
            if (country is None or c == country) and not key.startswith("#"):
                choices[f"{name} ({code})"] = norm_words(name)
    hits = process.extract(norm_words(text), choices, scorer=fuzz.WRatio, limit=3, score_cutoff=80)
    return [label for _choice, _score, label in hits]


def resolve_language(text):
    code = _index(_language_index).get(norm(text))
    if code:
        return code, None
    return None, Problem(_("Unknown language: %(value)s.") % {"value": text},
                         _("Write the language's name (e.g. Lao, 中文) or its ISO 639 code (lo)."))
