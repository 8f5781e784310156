"""Sensitive-word filter: one Aho-Corasick automaton over normalised text.

Normalisation defeats the usual evasions: full-width letters and digits
(NFKC), case, common traditional characters (a small table: cheap, not a
full converter), and separators slipped between characters (spaces,
punctuation, symbols, zero-width characters are skipped, so 法.轮 matches 法轮).
Matches are mapped back to the original text, so masking replaces exactly
the characters the reader typed.

The automaton is rebuilt when the word list changes (a version key in the
cache) and at least every REBUILD_SECONDS, so processes that share no cache
(LocMem) still pick up edits made in the admin.
"""

import threading
import time
import unicodedata
import uuid
from dataclasses import dataclass, field

import ahocorasick
from django.core.cache import cache

VERSION_KEY = "engage:words:version"
REBUILD_SECONDS = 60
MASK_CHAR = "＊"
SEVERITY = {"mask": 1, "review": 2, "block": 3}

# Traditional → simplified for characters common in evasions and news text.
_T2S_PAIRS = (
    "國国 會会 東东 車车 門门 們们 來来 見见 說说 話话 語语 讓让 對对 時时 個个 這这 還还 長长 "
    "開开 關关 發发 動动 機机 電电 運运 黨党 軍军 權权 錢钱 銀银 號号 買买 賣卖 貨货 幣币 "
    "輪轮 愛爱 傳传 網网 聯联 經经 濟济 區区 縣县 鄉乡 鎮镇 獨独 藥药 賭赌 槍枪 彈弹 "
    "殺杀 騙骗 詐诈 偽伪 黃黄 腦脑 習习 鄧邓 澤泽 兩两 歲岁 學学 憲宪 選选 舉举 "
    "體体 臺台 灣湾 華华 為为 與与 無无 義义 萬万 應应 從从 眾众 專专 業业 醫医 療疗 頭头 "
    "鬥斗 爭争 戰战 亂乱 殘残 壓压 屬属 紅红 綠绿 藍蓝 費费 貸贷 務务 辦办 證证 碼码 "
    "處处 達达 際际 線线 總总 統统 領领 導导 當当 辭辞 職职 監监 獄狱 罰罚 點点 擊击 "
    "惡恶 靈灵 顯显 歷历 齊齐 龍龙 鳥鸟 魚鱼 馬马 驗验 寶宝 實实 審审 裝装 測测 訊讯 記记 "
    "評评 論论 請请 謝谢 認认 識识 議议 讀读 變变 紀纪 約约 級级 組组 結结 給给 絕绝 續续 "
    "陸陆 陽阳 陰阴 隊队 隨随 險险 難难 雜杂 麼么 麵面 鐵铁 錯错 鏡镜 閉闭 問问 間间"
)
T2S = {pair[0]: pair[1] for pair in _T2S_PAIRS.split()}


def _norm_char(ch):
    """The normalised form of one character, or '' when it is a separator."""
    ch = T2S.get(ch, ch)
    folded = unicodedata.normalize("NFKC", ch).casefold()
    kept = []
    for c in folded:
        c = T2S.get(c, c)
        category = unicodedata.category(c)
        if category[0] in "PZSC" or c.isspace():
            continue
        kept.append(c)
    return "".join(kept)


def normalize(text):
    """(normalised text, index map): norm[i] came from text[index[i]]."""
    out, index = [], []
    for i, ch in enumerate(text):
        for c in _norm_char(ch):
            out.append(c)
            index.append(i)
    return "".join(out), index


@dataclass
class FilterResult:
    text: str
    action: str = ""  # "", "mask", "review" or "block": the most severe match
    words: list = field(default_factory=list)

    @property
    def blocked(self):
        return self.action == "block"

    @property
    def needs_review(self):
        return self.action == "review"


class WordFilter:
    def __init__(self, words):
        """`words`: iterable of (word, action)."""
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for word, action in words:
            key, _ = normalize(word)
            if not key:
                continue
            previous = self.automaton.get(key, None)
            if previous is None or SEVERITY[action] > SEVERITY[previous[1]]:
                self.automaton.add_word(key, (len(key), action, word))
                self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def check(self, text):
        if not self.size or not text:
            return FilterResult(text=text or "")
        norm, index = normalize(text)
        action, words, spans = "", [], []
        for end, (length, word_action, word) in self.automaton.iter(norm):
            start = end - length + 1
            if SEVERITY[word_action] > SEVERITY.get(action, 0):
                action = word_action
            if word not in words:
                words.append(word)
            if word_action == "mask":
                spans.append((index[start], index[end]))
        masked = text
        if spans:
            chars = list(text)
            for first, last in spans:
                for i in range(first, last + 1):
                    if _norm_char(chars[i]) or chars[i] == MASK_CHAR:
                        chars[i] = MASK_CHAR
            masked = "".join(chars)
        return FilterResult(text=masked, action=action, words=words)


_lock = threading.Lock()
_state = {"filter": None, "version": None, "built": 0.0}


def invalidate():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def current():
    """The filter over the admin's word list, rebuilt when it changed."""
    version = cache.get(VERSION_KEY)
    now = time.monotonic()
    if _state["filter"] is not None and version == _state["version"] and now - _state["built"] < REBUILD_SECONDS:
        return _state["filter"]
    with _lock:
        from .models import SensitiveWord

        if version is None:
            version = uuid.uuid4().hex
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
        _state["filter"] = WordFilter(SensitiveWord.objects.values_list("word", "action"))
        _state["version"], _state["built"] = version, now
        return _state["filter"]


def check(text):
    return current().check(text)


ACTION_NAMES = {
    "block": "block",
    "禁止": "block",
    "禁止发布": "block",
    "屏蔽": "block",
    "review": "review",
    "审核": "review",
    "人工审核": "review",
    "mask": "mask",
    "替换": "mask",
    "替换为＊": "mask",
    "*": "mask",
    "＊": "mask",
}


def parse_word_lines(lines, default_action="review"):
    """Parse a word-list file: one word a line, optionally `word,action` (or tab / space).

    Blank lines and lines starting with # are skipped. Returns (entries, errors)
    where errors are (line number, Chinese message).
    """
    entries, errors = {}, []
    for number, raw in enumerate(lines, 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.replace("\t", ",").replace("，", ",").split(",")]
        if len(parts) == 1 and " " in line:
            parts = line.rsplit(None, 1)
        word = parts[0]
        named = parts[1] if len(parts) > 1 else default_action
        action = ACTION_NAMES.get(named.lower())
        if action is None:
            errors.append((number, f"第 {number} 行：无法识别的处理方式“{named}”（可用 block/review/mask）。"))
            continue
        if not normalize(word)[0]:
            errors.append((number, f"第 {number} 行：“{word}”去掉符号后为空。"))
            continue
        if len(word) > 50:
            errors.append((number, f"第 {number} 行：敏感词超过 50 个字符。"))
            continue
        entries[word] = action
    return entries, errors


def import_words(entries):
    """Create or update words; returns (created, updated)."""
    from .models import SensitiveWord

    created = updated = 0
    existing = dict(SensitiveWord.objects.filter(word__in=list(entries)).values_list("word", "action"))
    new = [SensitiveWord(word=w, action=a) for w, a in entries.items() if w not in existing]
    SensitiveWord.objects.bulk_create(new, batch_size=500)
    created = len(new)
    for word, action in entries.items():
        if word in existing and existing[word] != action:
            SensitiveWord.objects.filter(word=word).update(action=action)
            updated += 1
    invalidate()
    return created, updated
