"""Work on a risalah done by the task worker (django.tasks with django-tasks-db), after the
request that caused it has answered: the step charts drawn after a save, the PDF rendered after
a verification.

The services queue them on commit (``queue_step_charts``, ``queue_risalah_charts``,
``queue_pdf_warm``); each task reads the rows afresh and does nothing when they are gone.
"""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import translation

from risalah import pdf_cache
from risalah.models import Risalah, RisalahStep
from risalah.step_charts import TOOL_CHARTS, charts_for_step, page_causes


def has_charts(tools: list[str]) -> bool:
    return any(tool in TOOL_CHARTS for tool in tools)


def queue_step_charts(step: RisalahStep) -> None:
    """Draw the step's charts (and those of the steps that name its causes) after the commit."""
    if not has_charts(step.method_step.tools):
        return
    step_id = step.pk
    transaction.on_commit(lambda: draw_step_charts.enqueue(step_id))


def queue_risalah_charts(risalah: Risalah) -> None:
    """Draw the charts of every step after the commit (the title's metric, target or unit changed)."""
    risalah_id = risalah.pk
    transaction.on_commit(lambda: draw_risalah_charts.enqueue(risalah_id))


def queue_pdf_warm(risalah: Risalah) -> None:
    """Render the risalah's PDF into the cache after the commit."""
    risalah_id = risalah.pk
    transaction.on_commit(lambda: warm_pdf_cache.enqueue(risalah_id))


def steps_to_draw(saved: RisalahStep, steps: list[RisalahStep]) -> list[RisalahStep]:
    """The saved step, and when it holds the fishbone, the steps whose cause test names its causes."""
    drawn = [saved]
    if "fishbone" in saved.method_step.tools:
        drawn += [s for s in steps if s.pk != saved.pk and "cause_test" in s.method_step.tools]
    return [s for s in drawn if has_charts(s.method_step.tools)]


def _steps(risalah_id: int) -> tuple[Risalah | None, list[RisalahStep]]:
    risalah = (
        Risalah.objects.select_related("group__unit", "programme_year", "method")
        .filter(pk=risalah_id)
        .first()
    )
    if risalah is None:
        return None, []
    return risalah, list(risalah.steps.select_related("method_step").order_by("method_step__number"))


def _draw(risalah: Risalah, drawn: list[RisalahStep], steps: list[RisalahStep]) -> list[str]:
    """Draw ``drawn`` in the portal's language with the causes the step pages pass
    (charts_for_step redraws only what changed)."""
    causes = page_causes(steps)
    names = []
    with translation.override(settings.LANGUAGE_CODE):
        for step in drawn:
            step.risalah = risalah
            names += charts_for_step(step, causes)
    return names


@task()
def draw_step_charts(step_id: int) -> list[str]:
    """Draw the charts of a saved step, as its page will show them. Returns the names of the
    charts now cached on the step(s) drawn."""
    risalah_id = RisalahStep.objects.filter(pk=step_id).values_list("risalah_id", flat=True).first()
    risalah, steps = _steps(risalah_id) if risalah_id else (None, [])
    saved = next((step for step in steps if step.pk == step_id), None)
    if saved is None:
        return []
    return _draw(risalah, steps_to_draw(saved, steps), steps)


@task()
def draw_risalah_charts(risalah_id: int) -> list[str]:
    """Draw the charts of every step of the risalah (see draw_step_charts)."""
    risalah, steps = _steps(risalah_id)
    if risalah is None:
        return []
    return _draw(risalah, [step for step in steps if has_charts(step.method_step.tools)], steps)


@task()
def warm_pdf_cache(risalah_id: int) -> list[str]:
    """Render the risalah's PDF(s) into the cache (nothing when already there). Returns the
    names of the cached files."""
    risalah = pdf_cache.load(risalah_id)
    if risalah is None:
        return []
    return pdf_cache.warm(risalah)
