"""`rubrics show`: the rubric as a rich tree (questions, answer options or bands, recommendations)."""

from __future__ import annotations

from ..i18n import UNITS, pick
from ..model import RubricSet, Section


def _fmt(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_rubric(rubric: RubricSet, sections: list[Section], lang: str) -> None:
    from rich.console import Console
    from rich.tree import Tree

    console = Console()
    root = Tree(f"[bold]{rubric.name(lang)}[/bold]  {rubric.ref}")
    for section in sections:
        label = f"[bold cyan]{section.name(lang)}[/bold cyan] ({section.id})"
        if section.kind == "capability":
            label += f"  weight {_fmt(section.weight)} · FACT {'/'.join(section.fact)}"
        else:
            label += "  context, not scored"
        branch = root.add(label)
        branch.add(f"[dim]{section.summary(lang)}[/dim]")
        for q in section.questions:
            head = f"[bold]{q.id}[/bold] [magenta]{q.type}[/magenta] w{_fmt(q.weight)}"
            if q.when:
                head += f" [yellow]when {q.when.source}[/yellow]"
            node = branch.add(f"{head}\n{q.text(lang)}")
            if q.type in ("single", "multi"):
                for o in q.options:
                    node.add(
                        f"{o.id}: {o.text(lang)} "
                        f"[dim]({'score' if q.type == 'single' else 'points'} {_fmt(o.score)})[/dim]"
                    )
            elif q.type == "scale":
                for i, t in enumerate(q.levels):
                    node.add(f"{i}: {t(lang)}")
            elif q.type == "number":
                unit = pick(UNITS.get(q.unit or "", (q.unit or "",) * 2), lang)
                for b in q.bands:
                    node.add(
                        f"[{_fmt(b.min)}, {_fmt(b.max)}) {unit}: {b.label(lang)} [dim](score {_fmt(b.score)})[/dim]"
                    )
            else:
                node.add(f"yes {_fmt(q.yes_score)} · no {_fmt(q.no_score)}")
        if section.recommendations:
            recs = branch.add(
                f"[green]{'建议' if lang == 'zh' else 'Recommendations'} ({len(section.recommendations)})[/green]"
            )
            for r in section.recommendations:
                trigger = " / ".join(r.questions) + f" < {_fmt(r.score_below)} · L{r.level}"
                recs.add(f"{r.title(lang)} [dim]({trigger}; impact {r.impact}, effort {r.effort}, {r.owner})[/dim]")
    console.print(root)
