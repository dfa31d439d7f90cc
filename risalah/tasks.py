"""Work on a risalah done by the task worker (django.tasks with django-tasks-db), after the
request that caused it has answered: the step charts drawn after a save, the PDF rendered after
a verification.

The services queue them on commit (``queue_step_charts``, ``queue_pdf_warm``); each task reads
the rows afresh and does nothing when they are gone.
"""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import translation

from risalah import pdf_cache
from risalah.models import Risalah, RisalahStep
from risalah.step_charts import TOOL_CHARTS, charts_for_step, page_causes


def queue_step_charts(step: RisalahStep) -> None:
    """Draw the step's charts (and those of the steps that name its causes) after the commit."""
    step_id = step.pk
    transaction.on_commit(lambda: draw_step_charts.enqueue(step_id))


def queue_pdf_warm(risalah: Risalah) -> None:
    """Render the risalah's PDF into the cache after the commit."""
    risalah_id = risalah.pk
    transaction.on_commit(lambda: warm_pdf_cache.enqueue(risalah_id))


def steps_to_draw(saved: RisalahStep, steps: list[RisalahStep]) -> list[RisalahStep]:
    """The saved step, and when it holds the fishbone, the steps whose cause test names its causes."""
    drawn = [saved]
    if "fishbone" in saved.method_step.tools:
        drawn += [s for s in steps if s.pk != saved.pk and "cause_test" in s.method_step.tools]
    return [s for s in drawn if any(tool in TOOL_CHARTS for tool in s.method_step.tools)]


@task()
def draw_step_charts(step_id: int) -> list[str]:
    """Draw the charts of a saved step in the portal's language, as its page will show them.

    Returns the names of the charts now cached on the step(s) drawn.
    """
    saved = RisalahStep.objects.filter(pk=step_id).only("risalah_id").first()
    if saved is None:
        return []
    risalah = Risalah.objects.select_related("group__unit", "programme_year", "method").get(
        pk=saved.risalah_id
    )
    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    saved = next(step for step in steps if step.pk == step_id)
    causes = page_causes(steps)
    names = []
    with translation.override(settings.LANGUAGE_CODE):
        for step in steps_to_draw(saved, steps):
            step.risalah = risalah
            names += charts_for_step(step, causes)
    return names


@task()
def warm_pdf_cache(risalah_id: int) -> list[str]:
    """Render the risalah's PDF(s) into the cache (nothing when already there). Returns the
    names of the cached files."""
    risalah = pdf_cache.load(risalah_id)
    if risalah is None:
        return []
    return pdf_cache.warm(risalah)
