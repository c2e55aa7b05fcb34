"""The rubric as plain objects: what the scorer, the renderers and the exporters work from.

Built once from validated YAML by `fact_audit.rubric`; immutable in spirit, picklable so a process pool can ship
it to workers.
"""

from __future__ import annotations

from typing import Any

from .expr import Expression
from .record import Record, Value

CAPABILITY_IDS = ("goods", "content", "anchor", "service", "activity", "ads", "data", "private_domain")
FACT_CHANNELS = ("F", "A", "C", "T")
OWNERS = ("host", "operator", "ad_buyer", "customer_service", "supply_chain", "owner")
PLATFORMS = ("douyin", "kuaishou", "channels", "other")
LANGS = ("zh", "en")

UNKNOWN = "unknown"
NA = "n/a"
CATEGORY_QUESTION = "fact.category_type"  # its answer picks a question's category variant


class Text(Value):
    """A human text in both languages."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


class Option(Value):
    __slots__ = ("id", "score", "text")

    def __init__(self, id: str, score: float, text: Text) -> None:
        self.id = id
        self.score = score
        self.text = text


class Band(Value):
    """Half-open interval [min, max) of a number question, with its score."""

    __slots__ = ("min", "max", "score", "label")

    def __init__(self, min: float | None, max: float | None, score: float, label: Text) -> None:
        self.min = min
        self.max = max
        self.score = score
        self.label = label


class Question(Record):
    __slots__ = (
        "id", "section", "type", "weight", "text", "help", "source", "covers", "when", "allow_na", "where",
        "options", "levels", "unit", "direction", "range", "integer", "bands", "bands_source", "yes_score",
        "no_score", "label", "why", "compute", "explain", "variants", "quick", "lookup", "points_total",
    )  # fmt: skip
    _derived = ("lookup", "points_total")  # set by prepare()

    def __init__(
        self,
        id: str,
        section: str,
        type: str,
        weight: float,
        text: Text,
        help: Text,
        source: str,
        covers: tuple[str, ...],
        when: Expression | None = None,
        allow_na: bool = False,
        where: dict[str, Text] | None = None,
        options: tuple[Option, ...] = (),  # single: options; multi: items (score = points)
        levels: tuple[Text, ...] = (),  # scale descriptors for 0..4
        unit: str | None = None,
        direction: str | None = None,
        range: tuple[float, float] | None = None,
        integer: bool = False,
        bands: tuple[Band, ...] = (),
        bands_source: str | None = None,
        yes_score: float = 1.0,
        no_score: float = 0.0,
        label: Text | None = None,
        why: Text | None = None,
        compute: Expression | None = None,
        explain: Text | None = None,
        variants: dict[tuple[str, str], dict[str, Any]] | None = None,
        quick: bool = False,
    ) -> None:
        self.id = id
        self.section = section
        self.type = type
        self.weight = weight
        self.text = text
        self.help = help
        self.source = source
        self.covers = covers
        self.when = when
        self.allow_na = allow_na
        self.where = {} if where is None else where
        self.options = options
        self.levels = levels
        self.unit = unit
        self.direction = direction
        self.range = range
        self.integer = integer
        self.bands = bands
        self.bands_source = bands_source
        self.yes_score = yes_score
        self.no_score = no_score
        self.label = label if label is not None else text  # a short name for reports; the question if none
        self.why = why  # why the number matters, shown when the merchant does not know it
        self.compute = compute  # computed from other answers, never asked
        self.explain = explain  # how a report explains a computed value ({question.id} placeholders)
        # ("platforms" | "stages" | "categories", key) -> the fields that variant replaces, already built
        self.variants = {} if variants is None else variants
        self.quick = quick  # in the quick interview's core: tells much about its capability in few questions
        self.lookup: dict[str, Option] = {}  # options by id
        self.points_total = 0.0  # a checklist's points, all ticked

    def prepare(self) -> None:
        """Index the options once; scoring looks them up for every client of a batch."""
        self.lookup = {option.id: option for option in self.options}
        self.points_total = sum(option.score for option in self.options)

    @property
    def asked(self) -> bool:
        """A computed question is worked out, never asked."""
        return self.compute is None

    def best_score(self) -> float:
        """The highest score any answer earns: an answer below it leaves room to improve."""
        return max((score for _, score in self.answer_space()), default=1.0)

    def option(self, option_id: str) -> Option | None:
        return self.lookup.get(option_id)

    def band_for(self, value: float) -> Band:
        for band in self.bands:  # [min, max) tested inline: this runs for every number answer of a batch
            if (band.min is None or value >= band.min) and (band.max is None or value < band.max):
                return band
        return self.bands[-1] if self.range and value >= self.range[1] else self.bands[0]

    def score(self, value: Any) -> float:
        """Score 0..1 of an answer already normalised by `fact_audit.answers`; unknown scores 0."""
        if value == UNKNOWN:
            return 0.0
        kind = self.type
        if kind == "single":
            option = self.lookup.get(value)
            return option.score if option else 0.0
        if kind == "multi":
            total = self.points_total
            ticked = sum(item.score for item in self.options if item.id in value)
            return ticked / total if total else 0.0
        if kind == "scale":
            return value / 4
        if kind == "number":
            return self.band_for(value).score
        return self.yes_score if value else self.no_score

    def answer_space(self) -> list[tuple[Any, float]]:
        """Representative answers covering the whole range of scores, lowest and highest included."""
        kind = self.type
        if kind == "single":
            pairs: list[tuple[Any, float]] = [(o.id, o.score) for o in self.options]
        elif kind == "multi":
            pairs = [([], self.score([]))]
            pairs += [([o.id], self.score([o.id])) for o in self.options]
            every = [o.id for o in self.options]
            pairs.append((every, self.score(every)))
        elif kind == "scale":
            pairs = [(level, level / 4) for level in range(5)]
        elif kind == "number":
            pairs = [(self.representative(band), band.score) for band in self.bands]
        else:
            pairs = [(True, self.yes_score), (False, self.no_score)]
        return pairs

    def representative(self, band: Band) -> float:
        low, high = self.range or (None, None)
        if band.min is None:
            value = low if low is not None else band.max
        elif band.max is None:
            value = high if high is not None else band.min
        else:
            value = band.min
        if value is None:  # pragma: no cover - lint refuses open bands without a range
            value = 0
        return int(value) if float(value).is_integer() else value


class Recommendation(Record):
    __slots__ = (
        "id", "capability", "impact", "effort", "owner", "title", "action", "metric", "questions", "score_below",
        "level", "when", "depends_on", "lifts", "variants",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        capability: str,
        impact: int,
        effort: int,
        owner: str,
        title: Text,
        action: Text,
        metric: Text,
        questions: tuple[str, ...] = (),
        score_below: float = 1.0,
        level: int = 3,
        when: Expression | None = None,
        depends_on: tuple[str, ...] = (),
        lifts: tuple[str, ...] = (),
        variants: dict[str, dict[str, Text]] | None = None,
    ) -> None:
        self.id = id
        self.capability = capability
        self.impact = impact
        self.effort = effort
        self.owner = owner
        self.title = title
        self.action = action
        self.metric = metric
        self.questions = questions  # the answers that trigger it: any of them below score_below
        self.score_below = score_below
        self.level = level  # the capability level it builds toward; above the profile's target: later
        self.when = when
        self.depends_on = depends_on
        self.lifts = lifts  # red-line flags it removes
        self.variants = {} if variants is None else variants  # platform -> {title, action, metric}


class Section(Record):
    """A capability, or the FACT-mix context section (kind `context`, not scored)."""

    __slots__ = (
        "id", "kind", "name", "summary", "source", "file", "questions", "recommendations", "weight", "fact",
        "not_used_when",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        kind: str,
        name: Text,
        summary: Text,
        source: str,
        file: str,
        questions: list[Question],
        recommendations: list[Recommendation] | None = None,
        weight: float = 1.0,
        fact: tuple[str, ...] = (),
        not_used_when: Expression | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.name = name
        self.summary = summary
        self.source = source
        self.file = file
        self.questions = questions
        self.recommendations = [] if recommendations is None else recommendations
        self.weight = weight
        self.fact = fact
        self.not_used_when = not_used_when  # shown as "not used" and left out of the overall while it holds


class Level(Value):
    __slots__ = ("id", "min", "name", "description")

    def __init__(self, id: int, min: float, name: Text, description: Text) -> None:
        self.id = id
        self.min = min
        self.name = name
        self.description = description


class Profile(Record):
    __slots__ = ("id", "name", "description", "weights", "targets")

    def __init__(
        self, id: str, name: Text, description: Text, weights: dict[str, float], targets: dict[str, int]
    ) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.weights = weights
        self.targets = targets


class Flag(Record):
    __slots__ = ("id", "when", "severity", "message", "capability", "caps", "variants", "source")

    def __init__(
        self,
        id: str,
        when: Expression,
        severity: str,
        message: Text,
        capability: str | None = None,
        caps: dict[str, int] | None = None,
        variants: dict[str, Text] | None = None,
        source: str | None = None,
    ) -> None:
        self.id = id
        self.when = when
        self.severity = severity
        self.message = message
        self.capability = capability
        self.caps = {} if caps is None else caps  # red line: capability id or "overall" -> highest level shown
        self.variants = {} if variants is None else variants  # platform -> message
        self.source = source


class RubricSet(Record):
    __slots__ = (
        "id", "version", "name", "description", "capabilities", "context", "levels", "profiles", "default_profile",
        "flags", "directory", "questions", "recommendations", "migrations", "derived", "dropped",
    )  # fmt: skip
    _derived = ("derived",)

    def __init__(
        self,
        id: str,
        version: str,
        name: Text,
        description: Text | None,
        capabilities: list[Section],
        context: Section,
        levels: list[Level],
        profiles: dict[str, Profile],
        default_profile: str,
        flags: list[Flag],
        directory: str,
        questions: dict[str, Question] | None = None,
        recommendations: dict[str, Recommendation] | None = None,
        migrations: list[Any] | None = None,
        dropped: set[str] | None = None,
    ) -> None:
        self.id = id
        self.version = version
        self.name = name
        self.description = description
        self.capabilities = capabilities
        self.context = context
        self.levels = levels
        self.profiles = profiles
        self.default_profile = default_profile
        self.flags = flags
        self.directory = directory
        self.questions: dict[str, Question] = questions or {}
        self.recommendations: dict[str, Recommendation] = recommendations or {}
        self.migrations: list[Any] = [] if migrations is None else migrations  # fact_audit.migrate.Step, oldest first
        self.derived: dict[str, Any] = {}  # per-set constants the scorer reuses
        self.dropped: set[str] = set() if dropped is None else dropped  # ids an extending set removed from its base
        if not self.questions:
            for section in self.sections():
                for question in section.questions:
                    self.questions[question.id] = question
        if not self.recommendations:
            for capability in self.sections():
                for rec in capability.recommendations:
                    self.recommendations[rec.id] = rec

    @property
    def ref(self) -> str:
        """`id@version`, as written into answers files."""
        return f"{self.id}@{self.version}"

    def sections(self) -> list[Section]:
        """Context first (it frames the interview), then the capabilities in report order."""
        return [self.context, *self.capabilities]

    def capability(self, capability_id: str) -> Section:
        for capability in self.capabilities:
            if capability.id == capability_id:
                return capability
        raise KeyError(capability_id)

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for level in self.levels:
            if score + 1e-9 >= level.min:
                chosen = level
        return chosen

    def level_by_id(self, level_id: int) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        return self.levels[-1]
