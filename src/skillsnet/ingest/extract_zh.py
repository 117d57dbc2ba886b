"""Rule-based extraction for text written in Chinese script (no word spaces).

Works on the same normalised text as the other extractors and returns the same
record types, so ``extract.extract`` merges them with what the Latin-script rules
found.  Vocabulary lives in ``data/zh_vocab.json``:

* organisations: a run of Chinese characters ending in an organisation suffix
  (学院, 学校, 大学, 职业技术学院, 公司, 部, 厅, 局, 中心, 联盟 …), cut on the left at
  punctuation, function characters and verbs ("我院与X中心" -> "X中心"); a
  ministry name joined by 与/和 ("劳工与职业培训部") is kept whole;
* people: a title followed by a name ("院长向金林", "副部长X"), a name followed by
  a title or honorific ("马明强秘书长", "哈里博士", "X女士"), and transliterated
  foreign names joined by "·" ("本森·坎蒙");
* dates: 2025年5月13日, ranges (5月12日至13日), 2013年3月和5月, 今年8月, 去年,
  11月12日 resolved against the publication date;
* counts: number (Arabic or Chinese numerals, 万 multiplier) + 余/多 + classifier
  (名, 人, 所, 家, 个, 项, 门 …) + noun; 近/约 -> about, 余/多/超过/逾 -> more_than;
* places, areas of cooperation and activity cues by vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ._text import LATIN_LO, LATIN_UP, load, place_gazetteer_zh

CJK = "\u4e00-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]")


def has_chinese(text: str, minimum: int = 20) -> bool:
    return len(_CJK_RE.findall(text)) >= minimum


@lru_cache(maxsize=None)
def vocab() -> dict:
    return load("zh_vocab.json")


@lru_cache(maxsize=None)
def _trad_table() -> dict[int, str]:
    d = load("zh_trad.json")
    return {ord(t): s for t, s in zip(d["traditional"], d["simplified"])}


def to_simplified(text: str, minimum: int = 5) -> str:
    """Text in traditional characters rewritten in simplified ones, character for character (same
    length, so every offset stays valid); text with fewer than `minimum` traditional characters is
    returned unchanged (a simplified article quoting one old form stays as written)."""
    table = _trad_table()
    if sum(1 for ch in text if ord(ch) in table) < minimum:
        return text
    return text.translate(table)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --------------------------------------------------------------------------- numbers

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUM = r"[零〇一二两三四五六七八九十百千]+"
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"


def zh_number(s: str) -> float | None:
    """'23' -> 23, '1,600' -> 1600, '二十五' -> 25, '23万' -> 230000, '1.5亿' -> 150000000."""
    s = s.strip()
    mult = 1
    if s and s[-1] in "万亿":
        mult = 10_000 if s[-1] == "万" else 100_000_000
        s = s[:-1]
    if re.fullmatch(NUM, s):
        return float(s.replace(",", "")) * mult
    if not s or not re.fullmatch(ZH_NUM, s):
        return None
    total, current = 0, 0
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return float(total + current) * mult


# --------------------------------------------------------------------------- organisations


@dataclass
class ZhOrg:
    name: str
    start: int
    end: int
    kind: str
    country: str | None
    sentence: str = ""


def _delimiter_positions(text: str) -> list[tuple[int, int]]:
    out = []
    v = vocab()
    for w in v["left_delimiters"]:
        for m in re.finditer(re.escape(w), text):
            if w == "等" and m.start() and text[m.start() - 1] in "高中初平同均对":
                continue  # 高等 (higher), 平等 (equal): not "etc."
            if w in ("与", "和", "及") and (text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]) in (
                    ("技术", "职业"), ("教育", "培训")):
                continue  # 技术与职业教育, 职业教育与培训 (TVET written out): one field, not "and" between two bodies
            if w == "和" and m.start() and text[m.start() - 1] == "共":
                continue  # 共和国 (republic): not "and"
            if w == "和" and (text[m.end():m.end() + 1] in ("平", "谐", "睦") or text[m.end():m.end() + 1] == "合"
                              and text[m.end() + 1:m.end() + 2] not in tuple("作肥同格理适法资并")):
                continue  # 和平 (peace), 和谐 (harmony), 和合 (concord): a word of the name, not "and"
            if w == "之" and not re.match(r"[一间后前际下中外内时初末]", text[m.end():m.end() + 1]):
                continue  # 海之晨 (a name), but 之一, 之间, 之后 (one of, between, after) close a phrase
            if w in v["classifiers"] and not (m.start() and re.match(r"[0-9余多十百千万两一二三四五六七八九]", text[m.start() - 1])):
                continue  # 所/家/名 cut a name only after a number ("7所"), not in 王家理工学院
            out.append((m.start(), m.end()))
    for m in re.finditer(r"[0-9]+", text):
        out.append((m.start(), m.end()))
    for m in re.finditer(r"(?<=长)兼", text):
        out.append((m.start(), m.end()))  # 副省长兼计划与投资厅厅长: "and concurrently", between two posts
    if text.startswith("应") and not re.match(r"应(?:用|急|对|届)", text):
        out.append((0, 1))  # 应缅甸教育部…邀请: "at the invitation of", not part of the name
    countries = _alt(list(v["country_words"]) + list(v["place_words"]))
    for m in re.finditer(f"经(?={countries})", text):
        out.append((m.start(), m.end()))  # 经印尼驻华大使馆推荐: "via", not part of the name (经济 stays whole)
    for m in re.finditer(f"(?<![共协合相不等认])同(?={countries})", text):
        out.append((m.start(), m.end()))  # 大使吕健同泰国教育部副次长…签署: "with", between two parties
    return sorted(out)


def _left_cut(seg: str) -> str:
    """What remains of seg after its last delimiter (a ministry joined by 与/和 stays whole)."""
    # ("6月4日泰国…孔子学院及…": the day that opens the sentence is no part of the name after it)
    seg = re.sub(r"^[^\u4e00-\u9fff]*?(?:\d{2,4}年)?(?:\d{1,2}月)?\d{1,2}日(?=[\u4e00-\u9fff])", "", seg)
    delims = _delimiter_positions(seg)
    v = vocab()
    for a, b in reversed(delims):
        if seg[a:b] in ("与", "和", "及") and re.search(r"[(（][^()（）]{1,8}[)）][\u4e00-\u9fff]{2,8}$", seg[:a]) \
                and seg.endswith("公司") and len(seg) - b <= 12:
            # "X环保(印度尼西亚)环境保护和能源综合利用有限公司": after the region in brackets the company's trades
            # follow, joined by 和, to its suffix: one name
            bracket = max(seg.rfind("(", 0, a), seg.rfind("（", 0, a))
            return seg[max((e for s, e in delims if e <= bracket), default=0):]
        if seg[a:b] in ("与", "和", "及"):
            # a verb-like word inside the field stays in it: 国际合作与交流司
            left_start = max((e for s, e in delims if e <= a and seg[s:e] not in v["name_verbs"]), default=0)
            left, right = seg[left_start:a], seg[b:]
            # the field named before 与 may follow the name of a place: 老挝琅勃拉邦省教育与体育厅
            field_ = re.sub(f"^(?:{_alt(v['country_words'])})?(?:[{CJK}]{{1,6}}?(?:省|市|自治区|州|县))?", "", left)
            if (2 <= len(field_) <= 6 and not re.search(v["pronoun_re"], left) and len(right) <= 7
                    and not re.search(r"分别|共同|一同|一起|正式|还|也|都|又", left)
                    and not re.match(f"(?:{_alt(_countries())})", right)  # "…和泰国佛教委员会": a second body
                    and right.endswith(("部", "厅", "局", "司", "委员会", "中心", "研究院"))
                    and _suffix_of(left) in ("", "计划", "项目")):  # 计划与投资厅: planning is a field here
                return seg[left_start:]
            if (2 <= len(left) <= 12 and len(right) <= 4 and right.endswith(("中心", "研究院")) and not _suffix_of(left)
                    and not re.search(v["pronoun_re"], left) and not re.search(r"分别|共同|一同|一起|正式", left)):
                return seg[left_start:]  # 青年技术人员培训和研修中心: a centre named by two activities
            if (2 <= len(left) <= 16 and not re.search(v["pronoun_re"], left) and len(right) <= 8
                    and right.endswith(("学会", "研究会")) and not _suffix_of(left)):
                return seg[left_start:]  # 高等教育信息学与计算机科学学会: a learned society named by two fields
            # (the fields may follow the country's name and a place or a person the college is named after:
            # 柬埔寨洪森公共工程与运输学院)
            if (seg[a:b] == "与" and (2 <= len(left) <= 4 or field_ != left and 2 <= len(field_) <= 6 and len(left) <= 12)
                    and not re.search(v["pronoun_re"], left) and 4 <= len(right) <= 8
                    and (right.endswith(("学院", "系")) or right.endswith("大学") and field_ != left)  # 柬埔寨管理与经济大学
                    and not _suffix_of(left) and not _suffix_of(right[:-2])
                    and not re.search(r"[还也都又并再团方]|开始|^[年月日]", left)
                    and not re.match(f"(?:{_alt(_countries())})", right)):  # "代表团还与印尼…学院": a partner, not a field
                return seg[left_start:]  # 食品与生物工程学院, 经济与管理学院: a faculty named by two fields
        word = seg[a:b]
        if word in v["name_verbs"]:
            # a verb-like word (合作, 建设, 联合 …) may belong to the name itself
            left_start = max((e for s, e in delims if e <= a), default=0)
            left = seg[left_start:a]
            places = tuple(v["place_words"]) + tuple(v["cities"]) + tuple(v["country_words"])
            if word != "共建" and 2 <= len(left) <= 8 and (re.search(r"(?:省|市|自治区|州|县)$", left) and not _suffix_of(left[:-1])
                                                           or left in places):  # (共建 "build jointly" is no trade)
                return seg[left_start:]  # 云南省建设投资控股集团有限公司: a province's company named by its trade
            if seg[b:] in ("学校", "学院", "大学", "企业", "公司"):
                return seg[b:]  # 推进学校…, 服务企业: the verb's object is a bare noun, no name
            if 2 <= len(left) and not re.search(v["pronoun_re"], left) and not _acceptable(seg[b:].strip("“”\"")) \
                    and _acceptable(seg[left_start:].strip("“”\"")):
                return seg[left_start:]  # 经济合作局, 中国-柬埔寨职业教育合作联盟: cut there, nothing would remain
        return seg[b:]
    return seg


def _grow(org, seg):
    """`seg` continues the name just read: one longer name, its kind and country read again."""
    org.name += seg
    org.end += len(seg)
    org.kind, org.country = _kind_country(org.name)


def _kind_country(name: str) -> tuple[str, str | None]:
    v = vocab()
    kind = v["org_suffixes"].get(_suffix_of(name), "other")
    if kind == "international_organisation" and not re.match(r"(国际|东南亚|联合国|世界|亚洲|东盟)", name):
        kind = "other"
    if re.match(f"[{CJK}]{{2,4}}[-—－–]+[{CJK}]{{2,4}}", name):
        return kind, None  # bi-national names (中国—东盟中心, 中国-老挝楚怡学院) belong to neither side
    for words in (v["country_words"], v["place_words"]):
        for w, c in sorted(words.items(), key=lambda kv: len(kv[0]), reverse=True):
            if name.startswith(w):
                return kind, c
    return kind, None


def _suffix_of(name: str) -> str:
    for suffix in sorted(vocab()["org_suffixes"], key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return ""


@lru_cache(maxsize=None)
def _countries() -> tuple[str, ...]:
    """The country names among the country words (not the Chinese provinces and cities listed with them)."""
    v = vocab()
    return tuple(w for w, c in v["country_words"].items() if w.endswith("国") or c != "CN" and w not in v["cities"])


def _acceptable(name: str) -> bool:
    v = vocab()
    suffix = _suffix_of(name)
    if not suffix or len(name) < max(4, v["long_name_suffixes"].get(suffix, 0)) and not (
            suffix in v["long_name_suffixes"] and len(name) >= v["long_name_suffixes"][suffix] < 4):
        return False
    if not re.sub(_alt(v["generic_morphemes"]), "", re.sub(f"^(?:{_alt(v['country_words'])})", "", name[: -len(suffix)])) \
            and suffix in ("联盟", "协会", "联合会", "组织"):
        return False  # 全国性教育联盟, 国际组织: a kind of body, not a name
    if name in v["generic_names"] or name.endswith(tuple(v["not_org_endings"])):
        return False
    if name.startswith("国家驻"):
        return False  # "9个国家驻华使馆": the embassies of several countries, none named
    if suffix in ("中心", "学院", "学校", "培训中心") and not re.sub(_alt(v["generic_morphemes"]), "", name[: -len(suffix)]):
        return False  # 技术培训中心, 职业教育培训中心: a kind of place, not a name
    # 柬埔寨国家技术培训学院 (a national institute), 中国教育部 (a country's ministry): names, not descriptions
    national = re.match(f"(?:{_alt(v['country_words'])})(?:国家|国立|皇家|王家)", name) or (
        v["org_suffixes"].get(suffix) == "ministry" and suffix in ("部", "厅", "局", "委员会") and re.match(f"(?:{_alt(v['country_words'])})", name))
    # (a city's or province's name before the field names a university: 北京理工大学, 南京工业大学)
    # (and a Chinese province's or city's before the field and 职业学院: 山东理工职业学院, 河北工业职业技术学院)
    city_named = (suffix == "大学" or suffix in ("职业学院", "职业技术学院", "职业技术大学")) and re.match(
        f"(?:{_alt(v['cities'])}|{_alt(w for w, c in v['country_words'].items() if c == 'CN' and w not in _countries())})", name) \
        and not re.match(f"(?:{_alt(_countries())})", name) and len(name) >= len(suffix) + 2  # (浙江大学)
    if not national and not city_named and v["org_suffixes"].get(suffix) in ("tvet_institute", "ministry") and not re.sub(
            _alt(v["generic_morphemes"]), "", re.sub(f"^(?:{_alt(v['country_words'])})", "", name[: -len(suffix)])):
        return False  # 高等技术学院, 印尼本土老牌大学, 沿线国家政府: a description, not a name
    if suffix in ("项目", "计划") and not _suffix_of(name[: -len(suffix)].rstrip()) and not any(
            x in name[: -len(suffix)] for x in v["org_suffixes"] if len(x) > 1):
        return False
    for w in v["country_words"]:
        if name.startswith(w) and name[len(w):] in v["generic_names"] and not city_named:
            return False  # (泰国大学: a country's universities; 浙江大学: a province's one university, a name)
    if re.fullmatch(f"[{CJK}]{{0,2}}[团人者们宾][来去到回]", name[: -len(suffix)]):
        return False  # "代表团一行13人来学校考察": people coming to the school, no school named
    if re.fullmatch(f"(?:[中老柬越泰缅印马菲新文德法英美日韩俄澳加意荷]|{_alt(v['country_words'])})方", name[: -len(suffix)]):
        # 德方政府, 韩方企业: "the German side's government", no name (but 东方/南方/北方 open names: 南方科技大学)
        return False
    if re.match(r"(?:就|对|向|在|由)?各", name):
        return False  # "各二级学院负责人", "就各学院专业设置": each of a kind of body, none named
    return name[: -len(suffix)] not in v["generic_modifiers"]


# bodies named after the body written right before them (a college's foundation, a university's alumni society)
_BODY_OF_BODY = ("基金会", "校友会", "协会", "联合会", "学会", "研究会")


def find_orgs(norm: str, sentences) -> list[ZhOrg]:
    """Organisation names in Chinese script, with their aliases ("X(以下简称“Y”)")."""
    v = vocab()
    # (教委 is a suffix, but not inside 委员会: 泰国佛教委员会 is a committee of Buddhism)
    suffix_re = re.compile(_alt(v["org_suffixes"]).replace("教委", "教委(?!员会)"))
    cont = tuple(v["name_continuations"])
    out: list[ZhOrg] = []
    for s in sentences:
        places = _alt(list(v["cities"]) + list(v["place_words"]))
        countries = _alt(list(v["country_words"]))
        # a campus in brackets belongs to the name: 西南大学(重庆)产业技术研究院, 中铁十一局集团(泰国)有限公司
        # (and before a dash: 中国(广西)—东南亚技术与职业教育培训中心)
        # (and a Latin acronym in brackets inside a name: 东南亚教育部长组织(SEAMEO)技术教育发展区域中心)
        for piece in re.finditer(f"(?:[{CJK}A-Za-z0-9·\\-—－–“”\"]|[(（](?:{places}|{countries})[)）](?=[{CJK}\\-—－–])"
                                 f"|(?<=[{CJK}])[(（][A-Z]{{2,10}}[)）](?=[{CJK}])"
                                 # (a country's one-character abbreviation in a company's name: 中建集团(马)有限公司)
                                 f"|(?<=[{CJK}])[(（][马泰柬老越缅菲新文印][)）](?=(?:有限)?公司))+", s.text):
            text = piece.group()
            prev_end, last, pending = 0, None, None
            for m in suffix_re.finditer(text):
                e = m.end()
                if (text[e:].startswith(cont) and not (re.match(_title_re(), text[e:]) and len(text[prev_end:e]) > 2)) \
                        or (m.group() == "职院" and text[e:e + 1] == "校"):
                    continue  # 部长, 组织方, 高职院校: the suffix is part of a longer word (not in 投资厅厅长: a title follows)
                if m.group() in ("计划", "项目") and re.match(r"[与和及][\u4e00-\u9fff]", text[e:e + 2]):
                    continue  # 计划与投资厅 (planning and investment): a field of the name, not a plan
                if m.group() == "组织" and re.match(f"[{CJK}]", text[e:e + 1]) and not text[e:].startswith(
                        tuple(v["left_delimiters"]) + tuple(v["titles"]) + ("成员", "秘书处", "框架")):
                    # ("东南亚教育部长组织成员国": the organisation's member states, 组织 the noun)
                    continue  # "为印尼教师组织专业培训": 组织 the verb (organise), its object follows
                seg = text[prev_end:e]
                if last is not None and seg == m.group() and (v["org_suffixes"].get(seg) == "company" or seg in _BODY_OF_BODY) \
                        and last.end == s.start + piece.start() + prev_end:
                    # "中铁十一局集团": a bare company suffix glued to the name before it is part of that name (and
                    # "中菲丝路学院基金会": a foundation or society named after the body before it)
                    _grow(last, seg)
                    prev_end = e
                    continue
                cut = _left_cut(seg)
                if (last is not None and cut != seg and last.end == s.start + piece.start() + prev_end
                        and seg[: len(seg) - len(m.group())] in v["name_verbs"] and m.group() in ("联盟", "协会", "联合会")
                        and _acceptable(last.name + seg)):
                    # "鲁班工坊建设联盟": the alliance for building the body named right before it, one name
                    _grow(last, seg)
                    prev_end = e
                    continue
                unit = m.group() in ("司", "处") and last is not None and last.kind == "ministry"
                # UNTAG大学工程学院; 台州职业技术学院中泰和合丝路学院 (a college founded by the college named before it)
                # (but "孔敬大学孔子学院": the Confucius Institute at the university, one name)
                faculty = last is not None and last.name.endswith(("大学", "学院")) and m.group() == "学院" and seg != "孔子学院"
                project = m.group() in ("项目", "计划")  # 曼德勒工业培训中心+升级改造项目: the centre is named, the project is its own
                # ("《中国X职业技术学院-印尼Y大学战略合作框架协议》": two institutions joined by a dash, in the title of their
                # agreement, are two names; "中国—东盟中心" is one, a country before the dash)
                paired = bool(last is not None and re.match(r"[\-—－–]", seg)
                              and re.search(f"(?:{_INSTITUTION_ENDS})$", last.name) and re.search(f"(?:{_INSTITUTION_ENDS})$", seg))
                if (last is not None and cut == seg and len(seg) > len(m.group()) and not unit and not faculty and not project
                        and not paired and _acceptable(last.name + seg)):
                    # no delimiter between two suffixes: one longer name (国际劳工组织老挝办事处)
                    _grow(last, seg)
                    prev_end = e
                    continue
                name = cut.strip("“”\"-—－–·")
                if pending is not None and cut == seg and (pending[1] or seg.startswith(("(", "（"))) and _acceptable(
                        pending[0] + seg):
                    pending = pending[0]
                    name = pending + seg  # 教育部职业教育发展中心 (a unit named after its ministry), 北京大学(深圳)…研究院
                pending = None
                prev_end = e
                quoted = re.search(f"[“\"]([{CJK}]{{2,8}})[”“\"]$", seg[: len(seg) - len(cut)])
                if not _acceptable(name) and quoted and cut == name and _acceptable(quoted.group(1) + name) \
                        and v["org_suffixes"].get(m.group()) != "ministry":  # ("一带一路"沿线国家政府: governments, none named)
                    name = quoted.group() + name  # “一带一路”职教联盟: a quoted slogan opens the name of a generic body
                if not _acceptable(name):
                    last = None
                    if 2 <= len(name) <= 8:
                        # 教育部 alone is generic, but it may open the name of its unit; so may a university
                        # before its campus in brackets
                        pending = (name, v["org_suffixes"].get(m.group()) == "ministry")
                    continue
                start = s.start + piece.start() + e - len(name)
                kind, country = _kind_country(name)
                # "柬埔寨教育、青年和体育部": a ministry whose fields are enumerated, the first ones before 、
                em = re.search(f"(?:{countries})(?:[{CJK}]{{2,4}}、){{1,3}}$", s.text[: start - s.start])
                if em and kind == "ministry" and re.fullmatch(f"[{CJK}]{{2,4}}[和与及][{CJK}]{{2,4}}{m.group()}", name):
                    name, start = em.group() + name, start - len(em.group())
                    kind, country = _kind_country(name)
                # "泰国-班·墨学院(胜地)、…": a short word in brackets closing the name (its partner, its campus) is
                # part of it when a list or the clause goes on right after
                bm = re.match(f"[(（]([{CJK}]{{2,4}})[)）](?=[、，,和与及])", s.text[piece.start() + e:]) if e == len(text) else None
                if bm and not re.search(r"简称|以下", bm.group(1)):
                    name += bm.group()
                last = ZhOrg(name, start, start + len(name), kind, country, s.text)
                out.append(last)
    return out


_INSTITUTION_ENDS = "大学|学院|学校|有限公司|公司|集团"


def same_core_pairs(names: list[str], norm: str = "") -> list[tuple[str, str]]:
    """("印尼默罕默迪亚教育联盟", "印度尼西亚默罕默迪亚联盟"): two names of one kind that differ only in how their
    country is written and in generic words (教育, 职业) are one organisation's names (but not two names listed
    side by side in `norm`, "陕西职业技术学院、陕西能源职业技术学院": two bodies)."""
    v = vocab()
    lead = f"^(?:{_alt(_countries())})"

    def core(n: str) -> tuple[str, str]:
        suffix = _suffix_of(n)
        body = re.sub(lead, "", n[: len(n) - len(suffix)])
        return re.sub(_alt(v["generic_morphemes"]), "", body), suffix

    out = []
    zh_names = [n for n in dict.fromkeys(names) if _CJK_RE.search(n) and _suffix_of(re.sub(r"[(（][^)）]{2,4}[)）]$", "", n))]
    for i, a in enumerate(zh_names):
        for b in zh_names[i + 1:]:
            if norm and re.search(f"{re.escape(a)}[、，,和及与]{re.escape(b)}|{re.escape(b)}[、，,和及与]{re.escape(a)}", norm):
                continue
            ca, cb = core(a), core(b)
            if ca == cb and len(ca[0]) >= 3 and re.match(lead, a) and re.match(lead, b):
                out.append((a, b))
            elif _short_name_of(a, b) or _short_name_of(b, a):
                out.append((a, b))
            elif _one_word_dropped(re.sub(lead, "", a), re.sub(lead, "", b)):
                out.append((a, b))
            elif re.sub(r"[(（][^)）]{2,4}[)）]$", "", a) == b or re.sub(r"[(（][^)）]{2,4}[)）]$", "", b) == a:
                out.append((a, b))  # "缅中友好协会(曼德勒省)" then "缅中友好协会": one body
            elif _ministry_dropped(a, b) or _ministry_dropped(b, a):
                out.append((a, b))
    return out


def short_forms(name: str) -> list[str]:
    """The short forms a Chinese article uses for a name it gave in full: a company without its province and legal
    form (浙江正裕工业股份有限公司 -> 正裕工业), a vocational college by the first character of its city and 职院
    (台州职业技术学院 -> 台职院)."""
    v = vocab()
    places = _alt(list(v["cities"]) + list(v["place_words"]) + [w for w, c in v["country_words"].items() if c == "CN"])
    out = []
    cm = re.fullmatch(f"(?:{places})?(?:省|市)?([{CJK}]{{3,6}}?)(?:股份有限公司|有限责任公司|集团有限公司|有限公司)", name)
    if cm and not _suffix_of(cm.group(1)) and cm.group(1) not in v["generic_names"]:
        out.append(cm.group(1))
    if re.fullmatch(f"[{CJK}]{{2,4}}(?:职业技术学院|职业学院)", name):
        out.append(name[0] + "职院")
    return out


def _ministry_dropped(full: str, short: str) -> bool:
    """"泰国职教委" for "泰国教育部职教委": a unit of a country's ministry named after the country without its ministry
    (the unit's own name, two characters at least, kept whole)."""
    m = re.fullmatch(f"({_alt(_countries())})([{CJK}]{{1,8}}?部)([{CJK}]{{2,12}})", full)
    return bool(m and _suffix_of(m.group(3)) and short == m.group(1) + m.group(3))


def _one_word_dropped(a: str, b: str) -> bool:
    """"孔敬农业产业技术学院" for "泰国孔敬高级农业产业技术学院": past the country, a second mention that leaves out one
    short modifier (1-3 characters together) of a long name, keeping its first two characters and its suffix."""
    short, full = sorted((a, b), key=len)
    if len(short) < 6 or not 1 <= len(full) - len(short) <= 3 or short[:2] != full[:2] or _suffix_of(short) != _suffix_of(full):
        return False
    gap = len(full) - len(short)
    return any(full[:i] + full[i + gap:] == short for i in range(2, len(short) - len(_suffix_of(short)) + 1))


def _short_name_of(short: str, full: str) -> bool:
    """"湖南交通职院" for "湖南交通职业技术学院": a short form keeps the full name's first four characters, its last
    one and some between, in order."""
    if short.endswith("职院") and len(short) >= 4 and full.startswith(short[:-2]) and full[len(short) - 2:] in (
            "职业技术学院", "职业学院"):
        return True  # 乐山职院 for 乐山职业技术学院
    return len(short) >= 5 and short[:4] == full[:4] and _abbreviates(short, full)


def aliases(norm: str) -> list[tuple[str, str]]:
    """(full name, short name) pairs declared in the text: X(以下简称“Y”) / X(简称Y)."""
    out = []
    for m in re.finditer(f"([{CJK}A-Za-z\\-]{{4,30}})[(（]\\s*(?:以下)?简称\\s*[“\"]?([{CJK}A-Za-z]{{2,12}})[”\"]?\\s*[)）]", norm):
        out.append((_left_cut(m.group(1)), m.group(2)))
    # a quoted brand right before the full name it stands for: “衣路工坊”缅甸青年技术人员培训和研修中心
    suffix_re = re.compile(_alt(vocab()["org_suffixes"]))
    for m in re.finditer(f"[“\"]([{CJK}A-Za-z]{{2,12}})[”\"]([{CJK}A-Za-z]{{4,30}})", norm):
        if not _acceptable(m.group(1)):
            continue
        for sm in suffix_re.finditer(m.group(2)):
            full = _left_cut(m.group(2)[: sm.end()])
            if full == m.group(2)[: sm.end()] and _acceptable(full):
                out.append((full, m.group(1)))
                break
    return out


# --------------------------------------------------------------------------- people


@dataclass
class ZhPerson:
    name: str
    start: int
    title: str | None = None
    org: str | None = None
    roles: set = field(default_factory=set)
    evidence: list = field(default_factory=list)


@lru_cache(maxsize=None)
def _title_re() -> str:
    return _alt(vocab()["titles"])


def _dot_name(text: str, at_end: bool = False) -> str | None:
    pat = f"([{CJK}]{{1,5}}(?:[·.．・][{CJK}]{{1,6}}){{1,2}})"
    m = re.search(pat + "$", text) if at_end else re.match(pat, text)
    return clean_dotted(m.group(1)) if m else None


def clean_dotted(name: str) -> str | None:
    """'仪式由蓬塔旺·乔万莱女士主' -> '蓬塔旺·乔万莱': cut the left part after delimiters and titles,
    the right part before verbs, honorifics and titles."""
    v = vocab()
    left, sep, right = re.split(r"([·.．・])", name, maxsplit=1)
    for w in sorted(v["left_delimiters"] + v["titles"], key=len, reverse=True):
        i = left.rfind(w)
        if i >= 0:
            left = left[i + len(w):]
    # "职教司赛康·潘塔冯": the body (a department, a ministry, a college) the name follows is not part of it
    body = re.search(f"[司部厅廳局处處署院校](?=[{CJK}]{{2,}}$)", left)
    if body:
        left = left[body.end():]
    # the right part ends where a verb, an honorific, a title or a two-character function word begins (近日, 随后)
    stops = v["name_stop_words"] + v["honorifics_after"] + v["titles"] + [w for w in v["left_delimiters"] if len(w) >= 2]
    cut = len(right)
    for w in stops:
        i = right.find(w)
        if i > 0:
            cut = min(cut, i)
    right = right[:cut]
    if re.fullmatch(f"[{CJK}]{{1,2}}", left) and re.match(f"[{CJK}]{{1,2}}[·.．・][{CJK}]{{1,2}}(?:[·.．・]|$)", right):
        return None  # "互通·互融·共享·共赢": a slogan of short words, not a transliterated name
    return f"{left}{sep}{right}" if left and right else None


def _plausible(name: str) -> bool:
    v = vocab()
    if any(w in name for w in v["name_stop_words"] if len(w) > 1) or name in v["not_names"]:
        return False
    if _suffix_of(name):
        return False
    if name in v["cities"] or name in v["place_words"] or name in v["country_words"] or name in _gazetteer_zh():
        return False  # "柳州副市长", "宁波院长": a city before a title (柳, 宁 are surnames too), not a name
    # a one-character stop word may still be a surname (向金林)
    return not any(name.startswith(w) and not (len(w) == 1 and w in v["surnames"]) for w in v["name_stop_words"])


def _name_after(text: str, title: str = "") -> str | None:
    """A person's name at the start of text (after a title): a dotted name, or 2-3 characters
    ending where a verb, particle or punctuation begins."""
    dotted = _dot_name(text)
    if dotted:
        return dotted
    v = vocab()
    if re.match(_title_re(), text):
        return None  # "常务副书记常务副省长堪雷": a second title follows the first, the name comes after it
    head = text[:4]
    if any(head.startswith(w) and not (len(w) == 1 and w in v["surnames"]) for w in v["name_stop_words"]):
        return None
    weak = title in v["weak_titles"]
    # "总经理廖德均、…": three characters closed by a list's delimiter are the whole name, even when the
    # last one could open a verb phrase (均, 还)
    if re.fullmatch(f"[{CJK}]{{3}}", text[:3]) and re.match(r"[、，,。；;]", text[3:4]) and text[:1] in v["surnames"] \
            and not weak and not any(w in text[:3] for w in v["name_stop_words"] if len(w) > 1):
        return text[:3]
    with_country = re.compile(f"同(?:{_alt(_countries())})")  # 大使吕健同泰国…: "with" the other party
    for k in (2, 3):
        if weak and text[:1] not in v["surnames"]:
            return None
        rest = text[k:]
        if len(text) >= k and re.fullmatch(f"[{CJK}]{{{k}}}", text[:k]) and (
                not rest or not re.match(f"[{CJK}]", rest) or any(rest.startswith(w) for w in v["name_stop_words"])
                or re.match(_title_re(), rest) or with_country.match(rest)):
            name = text[:k]
            return name if _plausible(name) else None
    # a transliterated foreign name of four characters (萨卡林托, 约克索提) after a full title, closed by
    # punctuation or a verb: never after a weak title (老师, 专家), where a phrase may follow
    # (not four characters closed by the particle 了, "书记认真听取了…": a verb phrase done, no name)
    rest = text[4:]
    if not weak and re.fullmatch(f"[{CJK}]{{4}}", text[:4]) and not re.match(r"了(?!解)", rest) and (
            not rest or not re.match(f"[{CJK}]", rest) or any(rest.startswith(w) for w in v["name_stop_words"])):
        name = text[:4]
        if _plausible(name) and not any(w in name for w in v["name_stop_words"]):
            return name
    return None


def _name_before(text: str, foreign: bool = False) -> str | None:
    """A person's name at the end of text (before a title or honorific): a dotted name, or a
    Chinese name (surname + 1-2 characters) not glued to a preceding title; with `foreign` (a full title
    follows), also two characters right after an organisation's name ("缅甸工业部梭耐司长": a transliterated
    name has no Chinese surname)."""
    dotted = _dot_name(text, at_end=True)
    if dotted:
        return dotted
    v = vocab()
    titles = v["titles"]
    for n in (3, 2):
        c = text[-n:]
        if len(c) < n or not re.fullmatch(f"[{CJK}]+", c):
            continue
        before = text[:-n]
        if any((before + c[:1]).endswith(t) for t in titles if len(t) > 1):
            continue  # "主任哈里": the first character belongs to the title
        after_title = any(before.endswith(t) for t in titles)
        counted = bool(re.search(f"(?:\\d|{ZH_NUM})\\s*[所个家名位]$", before))  # "40所高中校长": a number of schools
        boundary = (not before or not re.match(f"[{CJK}]", before[-1]) or after_title or bool(_suffix_of(before))
                    or any(before.endswith(w) for w in v["left_delimiters"])) and not counted
        if boundary and (c[0] in v["surnames"] or after_title or foreign and n == 2 and bool(_suffix_of(before))) \
                and _plausible(c):
            return c
    return None


def _skip_style(text: str) -> str:
    """text without the style that opens it (拿督斯里, 丹斯里: Malaysian styles written between a title and a name)."""
    hm = re.match(_alt(vocab().get("honorifics_before", [])) or "(?!)", text)
    return text[hm.end():] if hm else text


# the people a representative speaks for, written before 代表 (学员代表, 培训师代表, 留学生代表)
_REPRESENTED = ("学员", "学生", "留学生", "毕业生", "教师", "老师", "培训师", "讲师", "员工", "职工", "企业", "家长", "校友", "师生")


def find_people(norm: str, sentences, orgs: list[ZhOrg]) -> list[ZhPerson]:
    v = vocab()
    titles = _title_re()
    hon = _alt(v["honorifics_after"])
    org_spans = [(o.start, o.end) for o in orgs]
    found: dict[str, ZhPerson] = {}

    def inside_org(pos):
        return any(a <= pos < b for a, b in org_spans)

    def add(name, pos, s, title=None):
        if inside_org(pos) or name in v["not_names"] or any(name.endswith(x) for x in v["org_suffixes"]) \
                or name.endswith(("记者", "媒体")):  # "负责人向记者介绍": told to the reporter, no name
            return
        p = found.get(name)
        if p is None:
            p = found[name] = ZhPerson(name, pos)
        if title and not p.title:
            p.title = title
        if p.org is None:
            p.org = _org_before(norm, pos - len(title or ""), orgs)
        p.roles |= _roles(s.text, pos - s.start + len(name))
        if s.text not in p.evidence:
            p.evidence.append(s.text)

    for s in sentences:
        t = s.text
        if not _CJK_RE.search(t):
            continue
        for m in re.finditer(f"((?:{titles})(?:[、和及](?:{titles}))*)", t):
            # a style between the title and the name ("总会长拿督斯里魏…") is skipped
            after = len(t) - len(_skip_style(t[m.end():]))
            name = _name_after(t[after:], m.group(1).split("、")[-1])
            if name:
                add(name, s.start + after, s, m.group(1))
        # "学员代表李金麟", "印尼语培训师代表X线下参会": a representative of people named by what they are (trainees,
        # teachers, trainers, students), the name after 代表
        for m in re.finditer(f"((?:{titles}|{_alt(_REPRESENTED)})代表)", t):
            name = _name_after(t[m.end():], "代表")
            if name and not inside_org(s.start + m.end()):
                add(name, s.start + m.end(), s, m.group(1))
        for m in re.finditer(f"(?:{titles}|{hon})", t):
            if m.group() in v["titles"] and _name_after(_skip_style(t[m.end():]), m.group()):
                continue  # "马华总会长拿督斯里魏…": a name follows the title, so what precedes it is the body
            # (not when a name follows the title: "使馆经商参赞谭书富", the two characters belong to the title)
            name = _name_before(t[: m.start()], foreign=m.group() in v["titles"] and m.group() not in v["weak_titles"]
                                and not _name_after(t[m.end():], m.group()))
            if name:
                add(name, s.start + m.start() - len(name), s, m.group() if m.group() in v["titles"] else None)
        # "孙进介绍了…": a sentence opened by a surname and one or two characters, then a verb of speech
        sm = re.match(f"\\s*([{CJK}]{{2,3}}?)(?:介绍|表示|指出|强调|认为|致辞|说)", t)
        if sm and sm.group(1)[0] in v["surnames"] and _plausible(sm.group(1)) and sm.group(1) not in v["not_names"]:
            add(sm.group(1), s.start + sm.start(1), s)
        # "张三、李四等6名学员代表": the last name of a list closed by 等 and a number of people
        for m in re.finditer(f"(?:^|[、,，])([{CJK}]{{2,3}})等(?:{NUM}|{ZH_NUM})(?:名|位|人)", t):
            if m.group(1)[0] in v["surnames"] and _plausible(m.group(1)):
                add(m.group(1), s.start + m.start(1), s)
        # "张三、李四、王五及赵六等4位同志陪同": every name of the list when it has as many items as the number says
        # (each a surname and one or two characters)
        for m in re.finditer(f"(?:^|(?<=[。，,；;：:\\s]))((?:[{CJK}]{{2,3}}、)+[{CJK}]{{2,3}}(?:[及和与][{CJK}]{{2,3}})?)"
                             f"等({NUM}|{ZH_NUM})(?:名|位|人)", t):
            items = re.split(r"[、及和与]", m.group(1))
            if zh_number(m.group(2)) == len(items) and all(x[0] in v["surnames"] and _plausible(x) for x in items):
                at = m.start(1)
                for x in items:
                    add(x, s.start + t.index(x, at), s)
                    at = t.index(x, at) + len(x)
        # "张链是鲁班工坊的第一批老师", "…的杨莫客是柬埔寨国立理工学院的一名学生": NAME是ORG的ROLE
        for m in re.finditer(f"(?:^|[的,，、。;；:：\\s])([{CJK}]{{2,3}})是", t):
            rest = t[m.end():]
            org = next((o for o in orgs if s.start + m.end() == o.start), None)
            if org is None:
                continue
            rm = re.match(f"的(?:一名|一位|第一批|首批|首位)?([{CJK}]{{0,6}}?)({_alt(v['role_nouns'])})", rest[len(org.name):])
            if rm and (m.group(1)[0] in v["surnames"] or len(m.group(1)) == 3) and _plausible(m.group(1)):
                add(m.group(1), s.start + m.start(1), s, rm.group(2))
        # a name in Latin script after a Chinese title or before an honorific: 主席Betty Dewi Puspasari女士,
        # 副校长Dr.Supriyono先生, 国际合作部长Tri Pramesti介绍
        latin = rf"(?:(?:Dr|Prof|Mr|Mrs|Ms|Ir|Madam|Mme|Ast|Asst|Assoc)\.\s*)*([{LATIN_UP}][{LATIN_LO}]+(?:[ -][{LATIN_UP}][{LATIN_LO}]+){{0,3}})"
        weak_or_degree = _alt(list(v["weak_titles"]) + ["博士", "硕士", "教授"])
        # a name written wholly in capitals after a full title ("副院长SIN PUTHEASATH"): two words at least
        for m in re.finditer(f"(?:{titles})\\s*([A-Z]{{2,}}(?:[ -][A-Z]{{2,}}){{1,3}})(?=\\s*(?:{hon}|[{CJK}，,、。;；]|$))", t):
            if not any(w.capitalize() in _LATIN_NOT_NAMES for w in m.group(1).split()):
                add(m.group(1), s.start + m.start(1), s, re.match(titles, t[m.start():]).group())
        # (after a weak title or a degree too, "学员代表Mg Kyaw Bhone Myint称", "博士Sandar Oo表示": a word in Latin
        # capitals right after a Chinese role word is a name)
        # ("与Nicole Nina Hao Bian Lesdesma校长和…", "Karel San Juan校长签署…": a name in Latin script, two to five words,
        # right before a Chinese title and after Chinese text or punctuation)
        # (a title's qualifier of one or two characters may come between: "Wijawati Rainu教务主任")
        for m in re.finditer(rf"(?<![A-Za-z.\s])\s*([{LATIN_UP}][{LATIN_LO}]+(?:[ -][{LATIN_UP}][{LATIN_LO}]+){{1,4}})\s*"
                             rf"[{CJK}]{{0,2}}?({titles})", t):
            name = m.group(1)
            if not any(w in name.split() for w in _LATIN_NOT_NAMES):
                add(name, s.start + m.start(1), s, m.group(2))
        for m in re.finditer(f"(?:{titles}|{weak_or_degree})\\s*{latin}(?=\\s*(?:{hon}|[{CJK}，,、。;；]|$))|{latin}\\s*(?:{hon})", t):
            name = m.group(1) or m.group(2)
            start = m.start(1) if m.group(1) else m.start(2)
            if name and not any(w in name.split() for w in _LATIN_NOT_NAMES):
                tm = re.match(f"({titles}|{weak_or_degree})", t[m.start():]) if m.group(1) else None
                add(name, s.start + start, s, tm.group(1) if tm else None)
        for m in re.finditer(f"[{CJK}]{{1,5}}(?:[·．・.][{CJK}]{{1,6}}){{1,2}}", t):
            name = clean_dotted(m.group())
            if name:
                at = m.start() + m.group().find(name)
                for k in (1, 2):  # "主任伊尔卡姆·…" cut inside the title: its last characters are not the name's
                    if any((t[:at] + name[:k]).endswith(x) for x in v["titles"] if len(x) > k):
                        name, at = name[k:], at + k
                        break
                left = re.split(r"[·．・.]", name, maxsplit=1)[0]
                hm = re.search(f"[{_TITLE_HEADS}](?=[{CJK}]{{2,}}$)", left)
                if hm:
                    # "国务秘书欧姆·罗姆尼": a title unknown to the list still ends in a title's head character
                    name, at = name[hm.end():], at + hm.end()
                add(name, s.start + at, s)
    # "总经理廖德均、…" and later "廖德均对…" read as 廖德: a two-character prefix of a three-character name
    # found in the same article is that person
    for short in list(found):
        # "欧姆·罗姆尼" and later "罗姆尼介绍": the last part of a dotted name is that person
        longer = [n for n in found if n != short and "·" not in short and re.split(r"[·．・.]", n)[-1] == short] or \
            [n for n in found if len(short) == 2 and len(n) == 3 and n.startswith(short)]
        if len(longer) == 1:
            p, q = found.pop(short), found[longer[0]]
            q.roles |= p.roles
            q.evidence += [e for e in p.evidence if e not in q.evidence]
    return sorted(found.values(), key=lambda p: p.start)


# the last character of most Chinese titles (秘书, 部长, 主任, 公使, 参赞, 领事, 外交官, 专员, 总理, 主席, 教授)
_TITLE_HEADS = "书长任使赞事官员理席授"

_LATIN_NOT_NAMES = {"University", "College", "Institute", "Polytechnic", "School", "Academy", "Centre", "Center", "Ministry",
                    "Company", "Group", "Association", "Alliance", "Forum", "The", "Islamic", "State", "National"}


def _org_before(norm: str, pos: int, orgs: list[ZhOrg]) -> str | None:
    best = None
    for o in orgs:
        if o.end <= pos and pos - o.end <= 12 and not re.search(r"[，。；、,;]", norm[o.end:pos]):
            if best is None or o.end > best.end:
                best = o
    return best.name if best else None


def _roles(sentence: str, after: int) -> set[str]:
    v = vocab()
    tail = re.sub("^(?:" + _alt(v["honorifics_after"] + v["titles"]) + ")+", "", sentence[after: after + 30])
    roles = set()
    for role, cues in v["role_cues"].items():
        if any(c in tail[:6] for c in cues):
            roles.add(role)
    if any(c in sentence for c in v["participant_cues"]):
        roles.add("participant")
    return roles


# --------------------------------------------------------------------------- counts & amounts


@dataclass
class ZhCount:
    value: int
    qualifier: str
    counted: str
    text: str
    start: int
    sentence: str = ""


def find_counts(norm: str, sentences) -> list[ZhCount]:
    v = vocab()
    classifiers = _alt(v["classifiers"])
    out: list[ZhCount] = []
    rx = re.compile(
        f"(?<![几数多好上])(近|约|超过|逾|多达|共|共计|合计|累计|超)?({NUM}|{ZH_NUM})(万)?(余|多)?({classifiers})(余|多)?([{CJK}A-Za-z]{{0,12}})"
    )
    for s in sentences:
        spans = []  # what the first rule read in this sentence: the second one does not read it again
        for m in rx.finditer(s.text):
            spans.append(m.span())
            pre, num, wan, q1, cl, q2, noun = m.groups()
            before = s.text[max(0, m.start() - 2): m.start()]
            if re.search(r"[第上下前后这那每该]$", before) or num in ("一", "两") and cl in ("个",) and noun.startswith(("月", "年")):
                continue
            if num == "两" and (cl == "国" or noun.startswith(tuple(v["anaphoric_two"]))):
                continue  # 两国 / 两所学校: the two sides already named
            val = zh_number(num + (wan or ""))
            if val is None or val < 2 or val != int(val):
                continue
            if noun.startswith(tuple(v["count_bad_nouns"])):
                continue
            # "一万名具全球竞争力的技术人才", "30名来自老挝的学员": what is counted is the noun after the modifier's 的
            dm = re.match(f"(?:具有|具备|具|来自|拥有)[{CJK}A-Za-z]{{1,8}}?的([{CJK}]{{2,8}})", noun)
            noun = _cut_noun(dm.group(1) if dm else noun)
            if noun in v["classifiers"]:
                noun = ""  # "1613台套": a double classifier, the noun came before
            if cl == "国":
                noun = "国家"  # "东盟十国", "遍访东盟10国", "六国提出的…": the countries themselves, whatever follows
            noun = noun or _noun_before(s.text[: m.start()], cl)  # "教师577名", "600多人参加", "教学资源133套"
            if not noun:
                continue
            qual = "exactly"
            if q1 or q2 or pre in ("逾", "超过", "超"):
                qual = "more_than"
            elif pre in ("近", "约"):
                qual = "about"
            out.append(ZhCount(int(val), qual, noun, m.group(), s.start + m.start(), s.text))
        # 23万 + a person noun, without classifier
        for m in re.finditer(f"(近|约|超过|逾)?({NUM})(万|千)(余|多)?([{CJK}]{{1,12}}?(?:{_alt(v['person_nouns'])}))", s.text):
            pre, num, mult, q, noun = m.groups()
            if any(a <= m.start(2) < b for a, b in spans):
                continue  # "5万余人" read above with its classifier: not again as 5万 and the noun 余人
            val = float(num.replace(",", "")) * (10_000 if mult == "万" else 1_000)
            qual = "more_than" if q or pre in ("超过", "逾") else ("about" if pre in ("近", "约") else "exactly")
            out.append(ZhCount(int(val), qual, noun, m.group(), s.start + m.start(), s.text))
    # "上百家名牌企业", "上千名学员": about a hundred, a thousand
    for m in re.finditer(f"上(百|千|万)({classifiers})([{CJK}]{{2,12}})", norm):
        noun = _cut_noun(m.group(3))
        if noun and not noun.startswith(tuple(v["count_bad_nouns"])):
            sent = next((x.text for x in sentences if x.start <= m.start() < x.end), "")
            value = {"百": 100, "千": 1000, "万": 10000}[m.group(1)]
            out.append(ZhCount(value, "about", noun, m.group(), m.start(), sent))
    # the same number of the same thing told twice (a headline and its first sentence, "2000余名缅籍人员线上参与…"
    # then "2000余名缅籍人员通过…"): one count
    kept: list[ZhCount] = []
    for c in out:
        if not any(k.value == c.value and k.qualifier == c.qualifier and len(c.counted) >= 2 and len(k.counted) >= 2
                   and (k.counted.startswith(c.counted) or c.counted.startswith(k.counted)
                        or k.counted.endswith(c.counted) or c.counted.endswith(k.counted)
                        or _abbreviates(c.counted, k.counted) or _abbreviates(k.counted, c.counted)) for k in kept):
            kept.append(c)
    return kept


def _abbreviates(short: str, full: str) -> bool:
    """"12所高等职业院校" then "12所高校": a Chinese short form keeps the first and last characters of the full
    noun and some between, in order."""
    if not 2 <= len(short) < len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _noun_before(before: str, classifier: str) -> str | None:
    """What a number written after its noun counts ("培训教师577名" -> 教师); people ("人") otherwise."""
    person = classifier in ("名", "位", "人")
    if not person and classifier not in ("套", "台", "间", "项", "门", "座", "条", "份", "家", "所"):
        return None
    m = re.search(f"([{CJK}]{{1,{8 if person else 12}}})$", before)
    noun = _left_cut(re.sub(r"^.*其中", "", m.group(1))) if m else ""  # "其中中方单位98家": 其中 (among them) is no noun
    for verb in ("培训", "培养", "招收", "招生", "接收", "吸引", "组织", "选派", "派出", "共有", "有", "达",
                 "开发", "配备", "建成", "建设", "编写", "制定", "提供", "捐赠"):
        if verb in noun:
            noun = noun[noun.rfind(verb) + len(verb):]
    if not person:
        return noun if len(noun) >= 2 else None  # "开发教学资源133套": things counted after their noun
    return noun or "人"


def _cut_noun(noun: str) -> str:
    v = vocab()
    cut = len(noun)
    for w in v["noun_stops"]:
        i = noun.find(w)
        while w == "等" and i > 0 and noun[i - 1] in _DENG_WORDS:
            i = noun.find(w, i + 1)  # 等 of 高等/中等 ("12所高等职业院校") is part of the noun, not "and so on"
        if i > 0:
            cut = min(cut, i)
        elif i == 0:
            return ""
    return noun[:cut]


_DENG_WORDS = "高中初同平"  # the first characters of words ending in 等 (高等 higher, 中等 secondary, 平等 equal ...)


def find_amounts(norm: str) -> list[tuple[float, str, str, int]]:
    v = vocab()
    out = []
    # ("12亿4000万令吉": hundreds of millions and then tens of thousands, one sum)
    rx = re.compile(f"({NUM}|{ZH_NUM})\\s*(万|亿)?\\s*(?:({NUM}|{ZH_NUM})\\s*(万))?\\s*({_alt(v['currencies'])})")
    for m in rx.finditer(norm):
        if m.group(3) and m.group(2) != "亿":
            continue
        val = zh_number(m.group(1) + (m.group(2) or ""))
        rest = zh_number(m.group(3) + m.group(4)) if m.group(3) else 0
        if val is None or rest is None:
            continue
        val += rest
        out.append((int(val) if val.is_integer() else val, v["currencies"][m.group(5)], m.group(), m.start()))
    return out


# --------------------------------------------------------------------------- places, areas, activity


def find_places(norm: str) -> list[tuple[str, str, str | None]]:
    """(name, kind, country) for event places: 在/于 [country] [首都] CITY … 举行/召开/开学 …, and online cues."""
    v = vocab()
    out = []
    # the project's own list, and the Chinese names of GeoNames cities (places.json) this text contains: for
    # these place rules only (the organisation and person rules keep the short list)
    cities = dict(v["cities"])
    for name, cc in _gazetteer_zh().items():
        if name in norm and name not in cities:
            cities[name] = cc
    city_alt = _alt(cities)
    country_alt = _alt(v["country_words"])
    # "在广州、深圳进行": every city of an enumeration (、) before the event verb ("分别在雅加达和北京举办的…"
    # compares with earlier events)
    rx = re.compile(f"(?:在|于|赴|抵达)\\s*(?:(?:{country_alt})(?:首都)?)?\\s*((?:{city_alt})(?:、\\s*(?:{city_alt}))*)"
                    f"[^，。；]{{0,14}}?(?:{_alt(v['event_verbs'])})")
    own = v["cities"]
    org_tail = re.compile(f"\\s*[{CJK}]{{0,14}}?(?:{_alt(v['org_suffixes'])})")
    for m in rx.finditer(norm):
        for c in re.findall(city_alt, m.group(1)):
            # a gazetteer city that opens an organisation's name ("在温州职业技术学院召开") is the name's, not
            # the place (the project's own short list keeps its earlier reading)
            if c not in own and m.group(1).endswith(c) and org_tail.match(norm, m.end(1)):
                continue
            out.append((c, "city", cities[c]))
    # administrative units unknown to the vocabulary, named after a country before the event verb:
    # "在泰国孔敬府班派县成功举行" (a province 府/省 and a district 县 … of that country)
    countries = {w: c for w, c in v["country_words"].items() if w.endswith("国") or c != "CN" and w not in cities}
    unit = r"[\u4e00-\u9fff]{1,6}?(?:府|省|县|州|郡|市)"
    for m in re.finditer(f"(?:在|于)\\s*({_alt(list(countries))})\\s*((?:{unit}){{1,2}})[^，。；]{{0,8}}?(?:{_alt(v['event_verbs'])})", norm):
        for u in re.findall(unit, m.group(2)):
            if u not in cities and u[:-1] not in cities and len(u) >= 2:
                out.append((u, "province" if u[-1] in "府省州郡" else "city", countries[m.group(1)]))
    # "在柬埔寨马德望省的…中心正式成立": the unit of a country where a body of the activity was founded or held
    for m in re.finditer(f"(?:在|于)\\s*({_alt(list(countries))})\\s*((?:{unit}){{1,2}})的[^，。；]{{2,24}}?"
                         f"(?:正式|隆重|顺利)?(?:成立|揭牌|落成|开幕|举行)", norm):
        for u in re.findall(unit, m.group(2)):  # (as written, 马德望省, even when the city is known)
            if len(u) >= 2:
                out.append((u, "province" if u[-1] in "府省州郡" else "city", countries[m.group(1)]))
    # "受邀到中国福建省永安市,出席…论坛": a city (市) reached to attend something, after its country and province
    for m in re.finditer(f"(?<![达受得感])(?:到|赴|前往|来到)\\s*({country_alt})?\\s*([{CJK}]{{2,3}}省)?\\s*"
                         f"([{CJK}]{{2,4}}?市)\\s*[，,]?\\s*(?:出席|参加|参会)", norm):
        code = cities.get(m.group(3)[:-1]) or (
            v["country_words"][m.group(1)] if m.group(1) else "CN" if m.group(2) else None)
        out.append((m.group(3), "city", code))
    # "交流周在贵州开幕": a Chinese province named alone before the event verb
    provinces = [w for w, c in v["country_words"].items() if c == "CN" and w not in _countries() and w not in cities and w != "中国"]
    # ("活动在云南热烈展开": an adverb of manner before the verb, and 展开/开展)
    for m in re.finditer(f"(?:在|于)\\s*({_alt(provinces)})(?:省)?\\s*(?:热烈|隆重|顺利|正式|成功|圆满)?\\s*"
                         f"(?:{_alt(v['event_verbs'] + ['展开', '开展'])})", norm):
        out.append((m.group(1), "province", "CN"))
    # "论坛在广西南宁开幕": a Chinese province written before the city of the event, both places (as written)
    for m in re.finditer(f"(?:在|于)\\s*({_alt(provinces)})(?:省|壮族自治区|自治区)?\\s*({city_alt})"
                         f"[^，。；]{{0,14}}?(?:{_alt(v['event_verbs'])})", norm):
        if cities.get(m.group(2)) == "CN" and not org_tail.match(norm, m.end(2)):
            out += [(m.group(2), "city", "CN"), (m.group(1), "province", "CN")]
    # (a city the gazetteer does not know, named after its province right before the event: "在福建平潭举行")
    for m in re.finditer(f"(?:在|于)\\s*({_alt(provinces)})(?:省)?\\s*([{CJK}]{{2,3}}?(?:市|县)?)\\s*"
                         f"(?:隆重|顺利|正式|成功|圆满|热烈)?(?:举行|举办|召开|开幕|开班|开学)", norm):
        city = m.group(2)
        if city not in cities and not _suffix_of(city) and not re.search(r"[省的了和与及在]", city):
            out += [(city, "city", "CN"), (m.group(1), "province", "CN")]
    # "学员到广西培训": trainees come to a Chinese province to train or study there (the verb right after it: not
    # "赴广西继续…学习", a course still to follow)
    for m in re.finditer(f"(?:到|来到)\\s*(?:中国)?\\s*({_alt(provinces)})(?:省|壮族自治区|自治区)?\\s*"
                         f"(?:培训|学习|进修|研修|深造)", norm):
        out.append((m.group(1), "province", "CN"))
    # "在仰光省成立…": a known foreign city's province (府, 省) where a body was founded or an event held, as written
    for m in re.finditer(f"(?:在|于)\\s*({city_alt})(省|府)[^，。；]{{0,24}}?(?:正式|隆重|顺利)?(?:成立|揭牌|落成|开幕|举行)",
                         norm):
        if cities[m.group(1)] != "CN":
            out.append((m.group(1) + m.group(2), "province", cities[m.group(1)]))
    # "…活动在达沃隆重举行": a place the gazetteer does not know, named elsewhere in the text right after its country
    # ("菲律宾达沃…"), before the event verb
    foreign = {w: c for w, c in v["country_words"].items() if c != "CN" and w in norm}
    if foreign:
        for m in re.finditer(f"(?:在|于)\\s*([{CJK}]{{2,4}}?)\\s*(?:隆重|顺利|正式|成功|圆满|热烈)?"
                             f"(?:举行|举办|召开|开幕)", norm):
            name = m.group(1)
            if name in cities or name in v["country_words"]:
                continue
            home = [c for w, c in foreign.items() if re.search(re.escape(w) + r"\s*" + re.escape(name), norm)]
            if home and not re.search(_alt(v["org_suffixes"]), name):
                out.append((name, "city", home[0]))
    # "论坛在邕举行", "访问团来津访问": the one-character short name of a Chinese city or province, between a verb of
    # coming or being and the event (as written)
    short = v.get("short_places", {})
    if short:
        for m in re.finditer(f"(?:来|在|赴|抵)({_alt(short)})(?:举行|举办|召开|开幕|访问|参加|出席|参会|考察|交流|学习|培训|研修)",
                             norm):
            out.append((m.group(1), short[m.group(1)], "CN"))
    for m in re.finditer(f"(?:首都|省会|首府)\\s*({city_alt})", norm):  # "首都金边": the capital named
        out.append((m.group(1), "city", cities[m.group(1)]))
    # a news agency's dateline: "中新社金边11月20日电", "新华社雅加达4月11日电" (outlet, city, date, 电)
    for m in re.finditer(f"(?:社|网|網|报|報|台)\\s*({city_alt})\\s*\\d{{1,2}}月\\d{{1,2}}日\\s*电", norm):
        out.append((m.group(1), "city", cities[m.group(1)]))
    # a journey's end: "赴中国天津出席…", "莅临重庆", "抵达万象": a movement verb, an optional country, the city
    # (赴, 前往, 来到 only when attending something there: "赴昆明学习" is a course of study, not the event)
    # ("深入到缅甸仰光的小学…实地了解": a visit's stops, named with 深入到/走访/走进, when the clause says what was seen)
    for m in re.finditer(f"(?:(莅临|抵达)|赴|前往|来到|(深入到|走访|走进))\\s*(?:(?:{country_alt}))?\\s*({city_alt})", norm):
        clause = re.match(r"[^。；;]{0,60}", norm[m.end():]).group()
        if org_tail.match(norm, m.end()) and not re.match(r"\s*(?:市|省)", norm[m.end():]):
            continue  # "莅临乐山职业技术学院考察": the city opens the host's name, not the place (as g06)
        if m.group(1) or re.match(r"\s*(?:出席|参加|参会|访问|考察|交流)", norm[m.end():]) \
                or m.group(2) and re.search(r"考察|了解|参观|调研|访问", clause):
            out.append((m.group(3), "city", cities[m.group(3)]))
    # a clause opened by the place: "在胡志明市，王士星一行先后考察了…", "在河内，…应邀参加…校庆" (the stops of a
    # visit, one paragraph each), when the sentence says what was done there
    # (after the day that opens the lead too: "3月11日上午，在菲律宾马尼拉，…签约仪式…举行")
    for m in re.finditer(rf"(?:^|(?<=[。；！？\n]))\s*(?:(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日(?:[上下]午|晚上?|早上)?\s*[，,]?\s*)?"
                         rf"在\s*(?:(?:{country_alt}))?\s*({city_alt})\s*[，,]", norm):
        sent = re.match(r"[^。；！？\n]*", norm[m.end():]).group()
        if re.search(r"考察|参加|出席|访问|调研|签署|签订|举行|举办|参观|座谈|交流|会见|会谈|揭牌", sent):
            out.append((m.group(1), "city", cities[m.group(1)]))
    # online: a cue about the activity itself, not a background clause ("经过多次线上沟通" before an in-person visit)
    # (nor the kind of a programme, "“汉语桥”线上团组交流项目", nor an earlier event dated by its own year and month,
    # "2022年12月学校烹饪专业线上参加…")
    def online_cue(m) -> bool:
        clause = re.split(r"[，。；,;]", norm[max(0, m.start() - 20): m.start()])[-1]
        return not (re.match(f"[{CJK}“”]{{0,6}}?项目", norm[m.end(): m.end() + 10])
                    or re.search(r"\d{4}年\d{1,2}月", clause))

    if any(online_cue(m) for c in v["online_cues"] for m in re.finditer(f"(?<!多次)(?<!经过){re.escape(c)}", norm)):
        out.append(("online", "online", None))
    seen, uniq = set(), []
    for p in out:
        if p[0] not in seen:
            seen.add(p[0])
            uniq.append(p)
    return uniq


def located_city(norm: str) -> tuple[str, str] | None:
    """(city, country) of "位于[国家][省]CITY的…" / "位于…CITY," (where the institution the article is about
    stands): the place when no rule found the event's own (as "at the Chongqing ... College" in English)."""
    v = vocab()
    cities = dict(v["cities"])
    for name, cc in _gazetteer_zh().items():
        if name in norm and name not in cities:
            cities[name] = cc
    if not cities:
        return None
    m = re.search(f"位于\\s*(?:(?:{_alt(v['country_words'])}))?\\s*(?:[{CJK}]{{1,6}}?省)?\\s*({_alt(cities)})(?:市)?\\s*(?=的|[,，])", norm)
    return (m.group(1), cities[m.group(1)]) if m else None


@lru_cache(maxsize=None)
def _gazetteer_zh() -> dict[str, str]:
    """The Chinese city names of the place gazetteer in simplified characters (the form the rules read)."""
    table = _trad_table()
    out: dict[str, str] = {}
    for name, cc in place_gazetteer_zh().items():
        out.setdefault(name.translate(table), cc)
    return out


# where an area cue says nothing of the cooperation: an editor's or reporter's credit ("(责编:…(实习生))",
# "来源:… 作者:… 编辑:…"), and training grounds a delegation only toured ("参观了校园及实训场地")
_AREA_NOISE = re.compile(r"[(（](?:责任编辑|责编|编辑|记者|通讯员|摄影|作者|来源)[^)）\n]{0,60}[)）]|"
                         r"^(?:来源|作者|编辑)[:：][^\n]*$|参观[^。；！？\n]{0,20}?实训(?:场地|场所|基地|中心|室|车间|楼)", re.M)


def find_areas(norm: str, org_spans=()) -> list[tuple[str, str]]:
    """(code, cue) of the areas of cooperation the Chinese text names; a cue inside an organisation's name
    (汉语 in a language-teaching company's name) or in the noise above does not count."""
    out = []
    blockers = vocab().get("area_cue_blockers", {})
    ignored = list(org_spans) + [m.span() for m in _AREA_NOISE.finditer(norm)]

    def counts(m: re.Match, after: tuple) -> bool:
        return not any(a <= m.start() < b for a, b in ignored) and not (after and norm[m.end():].startswith(after))

    for code, cues in vocab()["areas"].items():
        for cue in cues:
            after = tuple(blockers.get(cue, ()))
            if any(counts(m, after) for m in re.finditer(re.escape(cue), norm)):
                out.append((code, cue))
                break
    # cues built from a verb and its object with a few words between ("培训缅方教师": teachers trained)
    for code, pats in vocab().get("area_patterns", {}).items():
        if any(c == code for c, _ in out):
            continue
        for pat in pats:
            # ("欢迎更多印尼学生来华学习": a wish for more students, no exchange under way; nor "10月将迎来N名留学生,
            # 他们将在我校学习": students still to come)
            m = next((m for m in re.finditer(pat, norm)
                      if not re.search(r"欢迎|鼓励|更多", norm[max(0, m.start() - 6):m.start()])
                      and not re.search(r"(?:将|会)迎来", re.split(r"[，。；！？]", norm[max(0, m.start() - 30):m.start()])[-1])),
                     None)
            if m:
                out.append((code, m.group()))
                break
    return out


# a meeting referred back to ("本次会议", "此次大会", "这次论坛"): the event the article already named
_ANAPHORIC_MEETING = re.compile(r"(?:本次|此次|这次|该)$")
# a gathering's name ending just before a launch cue: "…职业教育展”启动仪式", "…论坛开幕式", "…博览会开幕"
_EVENT_BEFORE = re.compile(r"(?:展|展会|博览会|论坛|峰会|大会|会议|研讨会|交流会|年会|周)[”\"'’》」]?\s*$")


def _first_gathering(norm: str, found, before: int) -> str | None:
    """The kind of the first gathering the text names before `before` (a cue ending in 会, 仪式, 论坛, 峰会 that
    no longer cue of another kind covers), which a later "本次会议" refers back to."""
    for a, b, kind, _ in sorted(found):
        if a >= before:
            break
        if re.search(r"(?:会|仪式|论坛|峰会)$", norm[a:b]) and not any(
                x <= a and b <= y and (y - x) > (b - a) and k != kind for x, y, k, _ in found):
            return kind
    return None


def activity_scores(norm: str, lead_end: int, org_spans=(), background=None, headline_end: int = 0) -> dict[str, tuple[float, int]]:
    """{kind: (score, position of the strongest cue)} from Chinese cues; a cue inside an organisation's
    name (培训 in 职业培训部, 论坛 in a forum's secretariat) does not count; a cue in the headline counts
    three times (as in English: the headline says what the article reports)."""
    scores: dict[str, tuple[float, int]] = {}
    # the topics of a talk ("围绕…国际技能大赛等事项深入交流", "就…等方面进行了探讨") and the fields of a cooperation
    # reviewed ("在人才培养、师资培训…等多领域的合作"): what was discussed or done before, not what was held
    topics = [(m.start(), m.end()) for m in re.finditer(
        r"(?:围绕|就|在)[^。；！？]{0,80}?等(?:多个?|各)?(?:事项|方面|议题|话题|问题|内容|领域)", norm)]
    cues = [(kind, phrase, w) for kind, items in vocab()["activity_cues"].items() for phrase, w in items]
    found = [(m.start(), m.end(), kind, w) for kind, phrase, w in cues for m in re.finditer(re.escape(phrase), norm)]
    named = {}  # "成立大会" named once, then "本次大会", "大会期间": the same meeting, of the kind of its full name
    for a, b, kind, _ in sorted(found):
        for a2, b2, kind2, _ in found:
            if kind2 != kind and b2 - a2 > b - a and norm[a2:b2].endswith(norm[a:b]):
                named.setdefault(norm[a:b], kind2)
    for a0, b0, kind0, w in found:
        kind = kind0
        if any(x <= a0 and b0 <= y and (y - x) > (b0 - a0) and k != kind0 for x, y, k, _ in found):
            continue  # a longer cue of another kind covers this one (大会 in 成立大会)
        if norm[a0:b0] in named and any(k == named[norm[a0:b0]] and x < a0 for x, _, k, _ in found):
            kind = named[norm[a0:b0]]
        if any(a <= a0 < b for a, b in org_spans) or any(a <= a0 < b for a, b in topics):
            continue
        if kind == "conference" and _ANAPHORIC_MEETING.search(norm, max(0, a0 - 2), a0):
            # "以本次会议为契机": the gathering already named, of the kind of its first naming ("…成立大会")
            kind = _first_gathering(norm, found, a0) or kind
        if norm[a0:b0] in ("开班", "开班仪式", "开班典礼") and re.search(
                f"(?:分校|校区|学院|学校|大学)[”\"'’》」]?[{CJK}]{{0,2}}$", norm[max(0, a0 - 10):a0]):
            kind = "programme_launch"  # "课程正式开班", "培训班联合开班仪式": the training opens; "分校开班": a branch opens
        if norm[a0:b0] == "开学" and re.search(r"(?:留学生|学生|学员|新生)班?(?:举行|的)?[”\"'’》」]?$", norm[max(0, a0 - 8):a0]):
            kind = "training_programme"  # "为28名留学生举行开学典礼", "留学生班开学典礼": the students' study starts, no body opens
        if kind == "programme_launch" and re.search(r"(?:培训|培训班|研修班|课程|训练营)[”\"'’》」]?\s*$", norm[max(0, a0 - 6):a0]):
            kind = "training_programme"  # "职业技能培训启动仪式", "研修班启动": a training that starts is the training
        if kind == "programme_launch" and _EVENT_BEFORE.search(norm, max(0, a0 - 8), a0):
            kind = "conference"  # "“…职业教育展”启动仪式", "论坛开幕式": the opening of a gathering is the gathering
        weight = w * (3.0 if a0 < headline_end else 2.0 if a0 < lead_end else 1.0)
        if background is not None and background(a0):
            weight *= 0.25  # an earlier event told as background
        sc, pos = scores.get(kind, (0.0, a0))
        scores[kind] = (sc + weight, pos)
    return scores
