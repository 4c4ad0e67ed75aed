"""Instrument files: validation and scoring (pure functions over the parsed file).

The format is documented in docs/outcomes.md ("Instrument files"). Validation refuses a
file as a whole, with every problem named; nothing of a refused file is imported.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
LANGUAGES = ("pl", "en", "uk", "ru")
METHODS = ("sum", "mean", "correct")
MISSING = ("prorate", "none")


class InstrumentError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def load_file(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InstrumentError([f"cannot read {Path(path).name}: {exc}"]) from None
    validate(data)
    return data


def digest(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def item_options(data: dict, item: dict) -> list[dict]:
    return item.get("options") or data.get("options") or []


def validate(data) -> None:  # noqa: C901 - one list of checks, read top to bottom
    """Raise InstrumentError naming every problem of an instrument file."""
    if not isinstance(data, dict):
        raise InstrumentError(["the file must hold one JSON object"])
    p = []
    if data.get("format") != FORMAT:
        p.append(f"format must be {FORMAT}")
    code = data.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        p.append("code must be a short text")
    if not isinstance(data.get("version"), int) or data.get("version", 0) < 1:
        p.append("version must be a whole number from 1")
    title = data.get("title")
    if not isinstance(title, dict) or not title.get("en"):
        p.append("title needs at least an English text ('en')")
    for key in ("source", "licence"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            p.append(f"{key} must name where the instrument comes from and its terms")
    languages = data.get("languages")
    if not isinstance(languages, dict) or not languages:
        p.append("languages must describe at least one language")
        languages = {}
    for lang, about in languages.items():
        if not isinstance(about, dict) or not isinstance(about.get("validated"), bool):
            p.append(f"language {lang}: 'validated' must be true or false")
            continue
        if about["validated"] and not str(about.get("source", "")).strip():
            p.append(f"language {lang}: a validated text needs its cited source")
    scoring = data.get("scoring")
    if not isinstance(scoring, dict):
        p.append("scoring is missing")
        scoring = {}
    method = scoring.get("method")
    if method not in METHODS:
        p.append(f"scoring.method must be one of {', '.join(METHODS)}")
    if not _is_number(scoring.get("multiplier", 1)) or scoring.get("multiplier", 1) <= 0:
        p.append("scoring.multiplier must be a positive number")
    share = scoring.get("min_answered")
    if not _is_number(share) or not 0 < share <= 1:
        p.append("scoring.min_answered must be a share between 0 and 1")
    if scoring.get("missing") not in MISSING:
        p.append(f"scoring.missing must be one of {', '.join(MISSING)}")
    options = data.get("options", [])
    p += _check_options(options, "options") if options else []
    items = data.get("items")
    if not isinstance(items, list) or not items:
        p.append("items must be a non-empty list")
        items = []
    ids = [str(item.get("id", "")) if isinstance(item, dict) else "" for item in items]
    if len(set(ids)) != len(ids) or "" in ids:
        p.append("every item needs its own id")
    for item in items:
        if not isinstance(item, dict):
            continue
        p += _check_item(data, item, method, languages)
    for name, sub in (scoring.get("subscales") or {}).items():
        missing = [i for i in sub.get("items", []) if str(i) not in ids] if isinstance(
            sub, dict) else ["?"]
        if missing or not isinstance(sub, dict) or not sub.get("items"):
            p.append(f"subscale {name} names items that do not exist: {missing}")
    for key in ("reverse_items",):
        if key in data:
            p.append("reverse flags belong on each item ('reverse'), not in a list of numbers")
    rci = data.get("rci")
    if rci is not None:
        ok = (isinstance(rci, dict) and _is_number(rci.get("sd")) and rci["sd"] > 0
              and _is_number(rci.get("reliability")) and 0 <= rci["reliability"] < 1
              and str(rci.get("source", "")).strip())
        if not ok:
            p.append("rci needs sd > 0, 0 <= reliability < 1 and a source")
    if p:
        raise InstrumentError(p)


def _check_options(options, where) -> list[str]:
    if not isinstance(options, list) or len(options) < 2:
        return [f"{where}: at least two response options"]
    values = [o.get("value") if isinstance(o, dict) else None for o in options]
    problems = []
    if not all(_is_number(v) for v in values):
        problems.append(f"{where}: every option needs a numeric value")
    elif len(set(values)) != len(values):
        problems.append(f"{where}: option values must differ")
    if not all(isinstance(o, dict) and isinstance(o.get("label"), dict) and o["label"]
               for o in options):
        problems.append(f"{where}: every option needs a label per language")
    return problems


def _check_item(data, item, method, languages) -> list[str]:
    item_id = item.get("id")
    p = []
    if not isinstance(item.get("reverse"), bool):
        p.append(f"item {item_id}: 'reverse' must be true or false")
    texts = item.get("text")
    if not isinstance(texts, dict) or not any(str(t).strip() for t in texts.values()):
        p.append(f"item {item_id}: an item without text (a reverse flag on a missing item?)")
        texts = {}
    for lang in languages:
        if not str(texts.get(lang, "")).strip():
            p.append(f"item {item_id}: no text in {lang}, which 'languages' lists")
    for lang in texts:
        if lang not in languages:
            p.append(f"item {item_id}: text in {lang}, which 'languages' does not describe")
    if "options" in item:
        p += _check_options(item["options"], f"item {item_id} options")
    options = item_options(data, item)
    if not options:
        p.append(f"item {item_id}: no response options")
        return p
    values = [o.get("value") for o in options if isinstance(o, dict)]
    if method == "correct":
        if item.get("correct") not in values:
            p.append(f"item {item_id}: quiz scoring needs a 'correct' value among the options")
        if item.get("reverse"):
            p.append(f"item {item_id}: a quiz item cannot be reverse-scored")
    elif "correct" in item:
        p.append(f"item {item_id}: 'correct' is only for quiz scoring ('correct')")
    return p


# --- Scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    valid: bool
    value: float | None
    answered: int
    items: int
    subscores: dict = field(default_factory=dict)


def _item_points(data, item, answer) -> float:
    options = item_options(data, item)
    if data["scoring"]["method"] == "correct":
        return 1.0 if answer == item["correct"] else 0.0
    if item["reverse"]:
        values = [o["value"] for o in options]
        return min(values) + max(values) - answer
    return float(answer)


def check_answer(data, item, answer) -> bool:
    """True when ``answer`` is one of the item's option values (None: skipped)."""
    return answer is None or answer in [o["value"] for o in item_options(data, item)]


def _combine(data, points: list[float], total_items: int) -> tuple[bool, float | None]:
    scoring = data["scoring"]
    answered = len(points)
    if total_items == 0 or answered / total_items < scoring["min_answered"] or not answered:
        return False, None
    if scoring["method"] == "mean":
        raw = sum(points) / answered
    elif scoring["missing"] == "prorate":
        raw = sum(points) * total_items / answered
    else:
        raw = sum(points)
    return True, raw * scoring.get("multiplier", 1)


def score(data: dict, answers: dict) -> Score:
    """Score ``answers`` ({item id: option value or None}) by the instrument's own rules.
    A score with fewer answered items than ``min_answered`` is not valid: no number."""
    items = data["items"]
    for item in items:
        if not check_answer(data, item, answers.get(str(item["id"]))):
            raise ValueError(f"answer out of range for item {item['id']}")
    points = {str(i["id"]): _item_points(data, i, answers[str(i["id"])])
              for i in items if answers.get(str(i["id"])) is not None}
    valid, value = _combine(data, list(points.values()), len(items))
    subscores = {}
    for name, sub in (data["scoring"].get("subscales") or {}).items():
        ids = [str(i) for i in sub["items"]]
        sub_valid, sub_value = _combine(data, [points[i] for i in ids if i in points], len(ids))
        subscores[name] = sub_value if sub_valid else None
    return Score(valid=valid, value=value, answered=len(points), items=len(items),
                 subscores=subscores)


def item_text(data: dict, item: dict, language: str) -> str:
    return item["text"].get(language) or item["text"].get("en") or ""


def option_label(option: dict, language: str) -> str:
    return option["label"].get(language) or option["label"].get("en") or str(option["value"])


def score_range(data: dict) -> tuple[float, float]:
    """The lowest and highest possible score, for chart axes."""
    scoring = data["scoring"]
    multiplier = scoring.get("multiplier", 1)
    if scoring["method"] == "correct":
        return 0.0, float(len(data["items"]) * multiplier)
    lows = [min(o["value"] for o in item_options(data, i)) for i in data["items"]]
    highs = [max(o["value"] for o in item_options(data, i)) for i in data["items"]]
    if scoring["method"] == "mean":
        return min(lows) * multiplier, max(highs) * multiplier
    return sum(lows) * multiplier, sum(highs) * multiplier


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.json"))
