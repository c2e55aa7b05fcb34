"""The command line's help in the user's language, readable metavars, a line of examples, and shell completion.

Chinese is the default language of reports, so help must not be English only: when the locale (LC_ALL, then
LC_MESSAGES, then LANG) is Chinese, every command's and option's help, the command list and the words around them
show in Chinese; English otherwise. The report language stays `--lang`. The English help lives beside each
command (its Typer declaration); the Chinese lives here, keyed by command path and option, so the command modules
stay as they are and a test can check that no option lacks its Chinese. `localise` applies it all, once per run,
from the root group (`app._Edge.main`), before Click parses anything, so `--help`, `-h` and completion see it.

Completion (`fact-audit --install-completion`, Typer's own) offers capability ids, platforms, stages and languages;
it reads the rubric set through the cached loader and imports neither rich nor the scoring.
"""

# No `from __future__ import annotations` in the cli package (see app.py; tests/cli/test_import_graph.py checks).
import re
from collections.abc import Iterator, Mapping
from typing import Any

try:  # Typer 0.2x carries its own copy of Click, and raises and catches that copy's exceptions
    from typer._click import core, formatting
except ImportError:  # older Typer runs on Click itself
    from click import core, formatting  # type: ignore[no-redef]

from ..wrapping import display_width, wrap

# -- which language the help speaks ----------------------------------------------------------------------------------


def help_lang(environ: Mapping[str, str]) -> str:
    """`zh` when the locale that governs messages is Chinese (zh_CN.UTF-8, zh_TW, zh), else `en`: the first of
    LC_ALL, LC_MESSAGES and LANG that is set decides, as for any program's messages."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


# -- the catalogue -----------------------------------------------------------------------------------------------------
# Keys: the command path ("" for the root, "rubrics diff"), then a space and the option ("--format") or the
# argument's name ("file"). `{choices}` is filled from the option's own choices, so a value added to an enum
# (`template --format`) is listed without an edit here.

COMMANDS: dict[str, str] = {
    "": "对照商家自播的八项能力（FACT 矩阵）给直播带货的店铺做诊断。",
    "score": "给一份答案文件打分，出一份差距报告，附上排好先后的行动建议。",
    "template": "打印一份可以直接填写的答案文件，每道题都在注释里讲清楚。",
    "interview": "在终端里逐题作答；每答一题就保存一次，中途退出也能接着答。",
    "batch": "一次给很多客户打分，生成汇总表、同行分位和每个客户的报告。",
    "compare": "对比同一商家前后两次诊断：分数变化、离目标还差多少、哪些行动完成了、哪些是新出现的。",
    "history": "看同一商家多次诊断的走势：每次的分数、累计变化、离目标还差多少、哪些建议已解决、哪些还没做。",
    "migrate": "把按旧版题库填的答案文件改写成新版（整份写完才替换，备注都保留）。",
    "rubrics": "查看、检查和导出题库。",
    "rubrics lint": "检查题库文件的结构和内容；发现问题时以退出码 1 结束。",
    "rubrics schema": "打印题库文件的 JSON 结构定义，供校验工具和编辑器使用。",
    "rubrics export": "把解析后的整套题库打印成一份文件，供其他系统对接。",
    "rubrics show": "在终端里按树状结构展示题库。",
    "rubrics diff": "看一次题库修改带来什么：内容改了哪些，每个样例商家的分数怎么变。",
    "rubrics new": "新建一套在自带题库基础上扩展的题库，建好就能检查和修改。",
    "benchmark": "汇总匿名的同行基准：几位顾问各自的客户分布合成一份，不用交出任何一个客户。",
    "benchmark merge": "把同一版题库的几份同行基准合成一份：分数分布和各项计数直接相加。",
}

_OUT_FILE = "写进这个文件（整份写完才替换），不打印到屏幕。"

PARAMS: dict[str, str] = {
    " --version": "显示版本号后退出。",
    " --install-completion": "给你们正在用的终端装上命令补全。",
    " --show-completion": "显示命令补全脚本，方便复制或自己安装。",
    "score file": "答案文件（YAML 或 JSON）；写 - 就从标准输入读。",
    "score --format": "报告格式：{choices}；table 适合直接在终端里看。",
    "score --out": _OUT_FILE,
    "score --profile": "按哪个阶段的标准打分（默认按答案里填的店铺阶段）。",
    "score --fail-under": "综合得分低于这个数时以退出码 1 结束，方便放进脚本检查。",
    "score --top": "表格里列几条行动（默认 5 条；JSON 和 Markdown 报告全部列出）。",
    "score --schema": "打印 JSON 报告的结构定义后退出。",
    "template --lang": "题目注释用的语言：zh 中文，en 英文。",
    "template --format": "文件格式：{choices}；yaml 带逐题注释。",
    "template --only": "只包含这几项能力，能力编号用逗号隔开。",
    "template --platform": "只显示这个平台的数据查找提示。",
    "template --schema": "改为打印这套题库对应的答案 JSON 结构定义。",
    "template --schema-ref": "写进模板里的结构定义地址。",
    "template --out": _OUT_FILE,
    "interview --out": "答案写到哪个文件（默认在当前文件夹新建一个带日期的文件）。",
    "interview --resume": "接着答没答完的问卷（默认找当前文件夹里最新的一份）。",
    "interview --only": "只问这几项能力，能力编号用逗号隔开。",
    "interview --platform": "主要经营平台：douyin、kuaishou、channels 或 other。",
    "interview --stage": "店铺阶段，比如 starter、growth、mature。",
    "interview --quick": "快速版：每项能力约 3 道题，先出一份初步报告，其余的题以后再补。",
    "batch inputs": "答案文件、文件夹、通配符，或者 JSON Lines、CSV 导出文件。",
    "batch --out": "输出文件夹：放 summary.csv、summary.json、errors.csv 和 reports/。",
    "batch --jobs": "同时工作的进程数（默认等于机器的核数）。",
    "batch --format": "每个客户报告的格式：{choices}。",
    "batch --profile": "所有客户都按这个阶段的标准打分。",
    "batch --no-reports": "只写汇总，不写每个客户的报告。",
    "batch --encoding": "CSV 输入的编码（默认自动识别）。",
    "batch --min-segment": "一个类目或阶段至少要有几个客户，才单独计算分位。",
    "batch --engine": "在哪里计算：local 用本机多进程，dask 用集群。",
    "batch --scheduler": "Dask 调度器的地址（默认在本机起一个集群）。",
    "batch --cluster-timeout": "最多等几秒：连不上 Dask 调度器，或者这么久还没有工作机加入，就停下来说明原因。",
    "batch --map": "表单导出文件的对照表：把列标题和选项文字对应到题目。",
    "batch --save-benchmark": "另外把这批客户的分数分布存成一份匿名的同行基准（不含店名、文件名和备注）。",
    "compare old": "较早的答案文件或 JSON 报告；写 - 就从标准输入读。",
    "compare new": "较新的那一份（也可以写 -）。",
    "compare --format": "报告格式：{choices}。",
    "compare --profile": "答案文件按这个阶段的标准打分。",
    "compare --out": _OUT_FILE,
    "history paths": "同一商家不同日期的答案文件或 JSON 报告，也可以给文件夹（只读文件夹里这一层的文件）。",
    "history --format": "报告格式：{choices}；html 每项能力一张走势小图。",
    "history --out": _OUT_FILE,
    "history --force": "文件里的商家名称不一致时也合在一起看（默认拒绝）。",
    "migrate file": "按旧版题库填的答案文件。",
    "migrate --to": "目标版本（默认是题库的当前版本）。",
    "migrate --out": "写到这个文件，原文件不动。",
    "rubrics lint paths": "题库文件夹或文件（默认检查自带题库）。",
    "rubrics lint --format": "问题清单的格式：{choices}；github 会在代码托管平台的检查结果里逐行标注。",
    "rubrics lint --against": "上一版题库：另外检查版本号有没有升、迁移条目齐不齐。",
    "rubrics schema --kind": "哪一种结构定义：{choices}。",
    "rubrics export --format": "输出格式：{choices}。",
    "rubrics show capability": "只看一项能力（写 fact 看背景信息部分）。",
    "rubrics diff old": "修改前的题库文件夹。",
    "rubrics diff new": "修改后的题库文件夹。",
    "rubrics diff --answers": "用作样例的答案文件（可以重复给多个；默认用自带的示例）。",
    "rubrics diff --fail-over": "任何一个分数变动超过这个数时以退出码 1 结束。",
    "rubrics diff --format": "输出格式：{choices}；markdown 适合贴进代码评审的评论。",
    "rubrics diff --lang": "文字和 Markdown 对比结果用的语言：zh 中文，en 英文（JSON 两种都有）。",
    "rubrics new directory": "在这个文件夹里新建。",
    "rubrics new --id": "新题库的编号（小写字母、数字和短横线）。",
    "benchmark merge files": "要合并的同行基准文件（由批量打分时另存），题库版本必须相同。",
    "benchmark merge --out": _OUT_FILE,
}

# What several commands share, where no entry of their own says otherwise.
SHARED: dict[str, str] = {
    "--lang": "报告语言：zh 中文，en 英文。",
    "--rubrics": "改用这个文件夹里的题库，不用自带的。",
    "--force": "允许 --out 覆盖一份存着答案的文件。",
    "--benchmark": "同行基准文件（batch --save-benchmark 存的）：报告里加上你们在同行里的百分位和差距。",
}

# One line of examples per command, ending its help.
EXAMPLES: dict[str, tuple[str, str]] = {
    "": (
        "例：fact-audit interview --out 答案.yaml，再 fact-audit score 答案.yaml",
        "Example: fact-audit interview --out answers.yaml, then fact-audit score answers.yaml",
    ),
    "score": (
        "例：fact-audit score 答案.yaml --format html --out 报告.html",
        "Example: fact-audit score answers.yaml --format html --out report.html",
    ),
    "template": (
        "例：fact-audit template --format csv --out 答案模板.csv",
        "Example: fact-audit template --format csv --out answers.csv",
    ),
    "interview": (
        "例：fact-audit interview --platform douyin --out 答案.yaml",
        "Example: fact-audit interview --platform douyin --out answers.yaml",
    ),
    "batch": (
        "例：fact-audit batch 客户答案/ --out 批量结果 --format html",
        "Example: fact-audit batch clients/ --out results --format html",
    ),
    "compare": (
        "例：fact-audit compare 三月.yaml 六月.yaml --format markdown",
        "Example: fact-audit compare march.yaml june.yaml --format markdown",
    ),
    "history": (
        "例：fact-audit history 青禾茶研社/ --format html --out 成长轨迹.html",
        "Example: fact-audit history shop-folder/ --format html --out history.html",
    ),
    "migrate": (
        "例：fact-audit migrate 旧答案.yaml --out 新答案.yaml",
        "Example: fact-audit migrate old.yaml --out new.yaml",
    ),
    "rubrics": ("例：fact-audit rubrics lint 我的题库", "Example: fact-audit rubrics lint my-rubrics"),
    "rubrics lint": (
        "例：fact-audit rubrics lint 我的题库 --format github",
        "Example: fact-audit rubrics lint my-rubrics --format github",
    ),
    "rubrics schema": (
        "例：fact-audit rubrics schema > rubric.schema.json",
        "Example: fact-audit rubrics schema > rubric.schema.json",
    ),
    "rubrics export": (
        "例：fact-audit rubrics export --format yaml > 题库.yaml",
        "Example: fact-audit rubrics export --format yaml > rubrics.yaml",
    ),
    "rubrics show": ("例：fact-audit rubrics show goods", "Example: fact-audit rubrics show goods --lang en"),
    "rubrics diff": (
        "例：fact-audit rubrics diff 旧题库 新题库 --format markdown",
        "Example: fact-audit rubrics diff old-rubrics new-rubrics --format markdown",
    ),
    "rubrics new": (
        "例：fact-audit rubrics new 我的题库 --id my-shop",
        "Example: fact-audit rubrics new my-rubrics --id my-shop",
    ),
    "benchmark": (
        "例：fact-audit benchmark merge 甲.json 乙.json --out 同行.json",
        "Example: fact-audit benchmark merge a.json b.json --out peers.json",
    ),
    "benchmark merge": (
        "例：fact-audit benchmark merge 甲.json 乙.json --out 同行.json",
        "Example: fact-audit benchmark merge a.json b.json --out peers.json",
    ),
}

# Metavars: a word for what the value is (choices are listed as `[a|b]` instead). By command path and option,
# then by option, then by the value's type.
METAVARS: dict[str, tuple[str, str]] = {
    "--only": ("能力", "CAPABILITIES"),
    "--platform": ("平台", "PLATFORM"),
    "--profile": ("阶段", "STAGE"),
    "--stage": ("阶段", "STAGE"),
    "--to": ("版本", "VERSION"),
    "--id": ("编号", "ID"),
    "--encoding": ("编码", "ENCODING"),
    "--scheduler": ("地址", "ADDRESS"),
    "--cluster-timeout": ("秒数", "SECONDS"),
    "--schema-ref": ("地址", "URL"),
    "--fail-under": ("分数", "SCORE"),
    "--fail-over": ("分数", "POINTS"),
    "--rubrics": ("文件夹", "FOLDER"),
    "--benchmark": ("同行基准", "FILE"),
    "batch --out": ("文件夹", "FOLDER"),
    "score file": ("答案文件", "FILE"),
    "migrate file": ("答案文件", "FILE"),
    "batch inputs": ("输入", "INPUTS"),
    "compare old": ("旧的", "OLD"),
    "compare new": ("新的", "NEW"),
    "history paths": ("文件或文件夹", "FILE_OR_DIR"),
    "rubrics lint paths": ("路径", "PATHS"),
    "rubrics show capability": ("能力", "CAPABILITY"),
    "rubrics diff old": ("旧题库", "OLD"),
    "rubrics diff new": ("新题库", "NEW"),
    "rubrics new directory": ("文件夹", "FOLDER"),
    "benchmark merge files": ("基准文件", "FILES"),
}
_BY_TYPE: dict[str, tuple[str, str]] = {
    "folder": ("文件夹", "FOLDER"),
    "file": ("文件", "FILE"),
    "integer": ("数量", "N"),
    "float": ("数值", "NUMBER"),
    "text": ("文字", "TEXT"),
}

# Click's and Typer's own words around the help, in Chinese.
WORDS: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "help": "显示这份说明后退出。",
}


def param_key(param: core.Parameter) -> str:
    """How the catalogue names a parameter: its first option (`--format`), or an argument's name (`file`)."""
    return param.opts[0] if param.param_type_name == "option" and param.opts else str(param.name)


def walk(command: core.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, core.Command]]:
    """Every command under `command`, itself first, with its path (`"rubrics diff"`; `""` for the root)."""
    yield " ".join(path), command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from walk(sub, (*path, name))


def zh_help(path: str, param: core.Parameter) -> str | None:
    """A parameter's Chinese help, `{choices}` filled; None when the catalogue has none."""
    key = param_key(param)
    text = PARAMS.get(f"{path} {key}") or SHARED.get(key)
    if text is None:
        return None
    choices = getattr(param.type, "choices", None)
    return text.format(choices=_listed([str(c) for c in choices])) if choices else text


def _listed(values: list[str]) -> str:
    """`a、b 或 c`."""
    return "".join(values) if len(values) < 2 else "、".join(values[:-1]) + " 或 " + values[-1]


def metavar(path: str, param: core.Parameter, lang: str) -> str:
    """A readable metavar: the choices as `[a|b]`, else a word for the value (`FILE`, `阶段`), `...` when repeated;
    an optional argument in brackets."""
    choices = getattr(param.type, "choices", None)
    if choices:
        return "[" + "|".join(str(c) for c in choices) + "]"
    key = param_key(param)
    words = METAVARS.get(f"{path} {key}") or METAVARS.get(key) or _BY_TYPE[_kind(param.type)]
    word = words[0 if lang == "zh" else 1]
    if param.param_type_name == "argument":
        word += "..." if param.nargs != 1 else ""
        return word if param.required else f"[{word}]"
    return word


def _kind(kind: Any) -> str:
    """The kind of a parameter's type, by Click's names for them (`path`, `integer range`, `float` …)."""
    if hasattr(kind, "file_okay"):
        return "file" if kind.file_okay else "folder"
    first = kind.name.split()[0]
    return {"int": "integer", "integer": "integer", "float": "float"}.get(first, "text")


def localise(root: core.Command, lang: str) -> None:
    """Put the help of every command and parameter under `root` in `lang`, with readable metavars, a line of
    examples and completion. Idempotent: the English texts are kept aside the first time."""
    zh = lang == "zh"
    for path, command in walk(root):
        command.help_lang = lang  # type: ignore[attr-defined]  # read by the formatter (`Context.make_formatter`)
        english = _keep_english(command)
        chinese = COMMANDS.get(path) if zh else None
        command.help = chinese or english["help"]
        command.short_help = chinese or english["short_help"]
        example = EXAMPLES.get(path)
        command.epilog = example[0 if zh else 1] if example else english["epilog"]
        if english["options_metavar"]:
            command.options_metavar = WORDS["[OPTIONS]"] if zh else english["options_metavar"]
        if english["subcommand_metavar"]:
            words = WORDS["COMMAND [ARGS]..."] if zh else english["subcommand_metavar"]
            command.subcommand_metavar = words  # type: ignore[attr-defined]
        for param in command.params:
            original = _keep_english(param)["help"]  # before the first translation overwrites it
            param.help = (zh_help(path, param) if zh else None) or original  # type: ignore[attr-defined]
            if not getattr(param, "is_flag", False):
                param.metavar = metavar(path, param, lang)
            complete = COMPLETIONS.get(param_key(param))
            if complete is not None:
                param._custom_shell_complete = complete  # type: ignore[attr-defined]  # Click's per-parameter hook


def _keep_english(item: Any) -> dict[str, Any]:
    saved = getattr(item, "_english", None)
    if saved is None:
        names = ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar")
        saved = {name: getattr(item, name, None) for name in names}
        item._english = saved
    return saved


# -- the formatter: Chinese words, display widths, CJK line breaking -------------------------------------------------

_EXTRA = re.compile(r"  \[([^\[\]]+)\]$")
_RANGE = re.compile(r"(?:(-?[\d.]+)<=)?x(?:<=(-?[\d.]+)|>=(-?[\d.]+))?")


def _extra_zh(part: str) -> str | None:
    """One of Typer's notes after an option's help (`default: zh`, `env var: X`, `x>=0`, `required`), in Chinese."""
    if part.startswith("default: "):
        return "默认：" + part[len("default: ") :]
    if part.startswith("env var: "):
        return "环境变量：" + part[len("env var: ") :]
    if part == "required":
        return "必填"
    match = _RANGE.fullmatch(part)
    if match and any(match.groups()):
        low, high, at_least = match.groups()
        if low and high:
            return f"{low} 到 {high}"
        return f"不小于 {at_least or low}" if at_least or low else f"不大于 {high}"
    return None


def translate_extra(text: str) -> str:
    """An option's help with Typer's trailing `[default: …; …]` note in Chinese (left as is when unknown)."""
    match = _EXTRA.search(text)
    if not match:
        return text
    parts = [_extra_zh(part) for part in match.group(1).split("; ")]
    if None in parts:
        return text
    return text[: match.start()] + "（" + "；".join(p for p in parts if p) + "）"


class HelpFormatter(formatting.HelpFormatter):
    """Click's formatter measuring display widths (a Chinese character takes two columns) and wrapping by
    `wrapping`'s rules, with Click's own words in Chinese when the help is."""

    def __init__(self, lang: str = "en", **options: Any) -> None:
        super().__init__(**options)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = WORDS["Usage:"] if self.lang == "zh" else "Usage: "
        lines = wrap(args, self.width, " " * self.current_indent + prefix + prog + " ")
        self.write("\n".join(line.rstrip() for line in lines) + "\n")

    def write_heading(self, heading: str) -> None:
        word = WORDS.get(heading, heading) if self.lang == "zh" else heading
        self.write(f"{'':>{self.current_indent}}{word}{'：' if self.lang == 'zh' else ':'}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in re.split(r"\n\s*\n", text):
            if paragraph is not text and self.buffer and not self.buffer[-1].endswith("\n\n"):
                self.write("\n")
            self.write("\n".join(wrap(" ".join(paragraph.split()), self.width, indent)) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, translate_extra(second) if self.lang == "zh" else second) for first, second in rows]
        widths = [display_width(first) for first, _ in rows]
        column = min(max(widths, default=0), col_max) + col_spacing
        for (first, second), size in zip(rows, widths, strict=True):
            lead = " " * self.current_indent + first
            if not second:
                self.write(lead + "\n")
                continue
            hang = " " * (self.current_indent + column)
            if size <= column - col_spacing:
                lines = wrap(second, self.width, lead + " " * (column - size), hang)
            else:
                lines = [lead, *wrap(second, self.width, hang)]
            self.write("\n".join(lines) + "\n")


class Context(core.Context):
    """Click's context, making help with our formatter in the language `localise` chose."""

    formatter_class = HelpFormatter

    def make_formatter(self) -> formatting.HelpFormatter:
        return HelpFormatter(
            lang=getattr(self.command, "help_lang", "en"), width=self.terminal_width, max_width=self.max_content_width
        )


class Localised:
    """What the root group, the `rubrics` group and every command share: our context (and so our formatter), the
    help option's text in the help's language, and usage lines without Typer's braces (`fact-audit compare OLD
    NEW`, not `{old} {new}`)."""

    context_class = Context

    def get_help_option(self, ctx: core.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = WORDS["help"] if getattr(self, "help_lang", "en") == "zh" else "Show this message and exit."
        return option

    def format_epilog(self, ctx: core.Context, formatter: formatting.HelpFormatter) -> None:
        """The line of examples: a command line, broken only at its spaces."""
        if self.epilog:  # type: ignore[attr-defined]
            formatter.write_paragraph()
            lines = wrap(self.epilog, formatter.width, " " * (formatter.current_indent + 2), cjk=False)  # type: ignore[attr-defined]
            formatter.write("\n".join(lines) + "\n")

    def collect_usage_pieces(self, ctx: core.Context) -> list[str]:
        return [re.sub(r"^\{(.*)\}$", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]  # type: ignore[misc]


# -- completion -----------------------------------------------------------------------------------------------------


def _rubric(ctx: core.Context) -> Any:
    """The rubric set the command line names (`--rubrics`, FACT_AUDIT_RUBRICS), else the bundled one; through
    the per-user cache, so completing stays quick. None when it cannot be read: completion offers nothing."""
    from ..errors import FactAuditError
    from ..rubric import load_rubric_set

    try:
        return load_rubric_set(ctx.params.get("rubrics"))
    except (FactAuditError, OSError):
        return None


def _items(values: list[tuple[str, str]], incomplete: str, before: str = "") -> list[Any]:
    try:
        from typer._click.shell_completion import CompletionItem
    except ImportError:
        from click.shell_completion import CompletionItem  # type: ignore[no-redef]

    return [CompletionItem(before + value, help=words) for value, words in values if value.startswith(incomplete)]


def complete_capabilities(ctx: core.Context, param: core.Parameter, incomplete: str) -> list[Any]:
    """`--only a,b,`: capability ids, completing the last item of the comma-separated list."""
    rubric = _rubric(ctx)
    if rubric is None:
        return []
    before, _, last = incomplete.rpartition(",")
    chosen = set(before.split(",")) if before else set()
    lang = help_lang(_environ())
    return _items(
        [(c.id, c.name(lang)) for c in rubric.capabilities if c.id not in chosen], last, before + "," if before else ""
    )


def complete_sections(ctx: core.Context, param: core.Parameter, incomplete: str) -> list[Any]:
    """`rubrics show CAPABILITY`: the capability ids and the context section."""
    rubric = _rubric(ctx)
    lang = help_lang(_environ())
    return [] if rubric is None else _items([(s.id, s.name(lang)) for s in rubric.sections()], incomplete)


def complete_platforms(ctx: core.Context, param: core.Parameter, incomplete: str) -> list[Any]:
    from ..i18n import PLATFORM_NAMES, pick
    from ..model import PLATFORMS

    lang = help_lang(_environ())
    return _items([(p, pick(PLATFORM_NAMES[p], lang)) for p in PLATFORMS if p in PLATFORM_NAMES], incomplete)


def complete_stages(ctx: core.Context, param: core.Parameter, incomplete: str) -> list[Any]:
    rubric = _rubric(ctx)
    return [] if rubric is None else _items([(p, "") for p in rubric.profiles], incomplete)


def complete_languages(ctx: core.Context, param: core.Parameter, incomplete: str) -> list[Any]:
    return _items([("zh", "中文"), ("en", "English")], incomplete)


def _environ() -> Mapping[str, str]:
    import os

    return os.environ


COMPLETIONS = {
    "--only": complete_capabilities,
    "--platform": complete_platforms,
    "--stage": complete_stages,
    "--profile": complete_stages,
    "--lang": complete_languages,
    "capability": complete_sections,
}
