"""Achtergrondtaken in Chromium (issue 16), as functional administration (demo login `beheer`) reads it at 375 and
1280 px with screenshots and the WCAG check: the jobs newest first with their Dutch names, only the failed ones, and a
failed message pickup run again with 'Opnieuw uitvoeren' (jobs run at once in the suite: TOEGANG_JOBS_EAGER)."""

import pytest
from playwright.sync_api import expect

from toegang.core.actor import SYSTEM
from toegang.jobs import actions, queue
from toegang.jobs.models import Job

from .test_flows import go_to, login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


def failed_pickup() -> Job:
    """A message pickup that ran out of attempts (the hub's mailbox did not answer three times)."""
    job = actions.do_queue_job(actor=SYSTEM, kind="berichten-ophalen", arguments=[])
    for _ in range(job.max_attempts):
        actions.do_start_attempt(job_id=job.pk)
        actions.do_record_retry(job_id=job.pk, error="ConnectionError")
    actions.do_fail_job(job_id=job.pk, error="ConnectionError")
    return job


@pytest.mark.parametrize("width", [1280, 375])
def test_functional_administration_runs_a_failed_job_again(page, live_server, staff, axe_check, width, settings,
                                                          tmp_path):
    at_width(page, width)
    widths = Widths(width)

    def shown(step):
        main = page.locator("main")
        assert_plain_dutch(main.inner_text())
        assert "ConnectionError" not in main.inner_text()
        axe_check(page, f"16-{step}-{width}")
        widths.check(page, f"16-{step}-{width}")

    settings.AUDIT_CHECKPOINT_DIR = tmp_path  # the checkpoint of this test's own, not the run's (flushed after it)
    pickup = failed_pickup()
    done = actions.do_queue_job(actor=SYSTEM, kind="audit-checkpoint", arguments=[])
    queue.run_here(done.pk)

    login(page, live_server, "beheer")
    go_to(page, "Achtergrondtaken")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Achtergrondtaken")).to_be_visible()
    expect(main.locator("tr", has_text="Berichten ophalen en beantwoorden")).to_contain_text("Mislukt")
    expect(main.locator("tr", has_text="Berichten ophalen en beantwoorden")).to_contain_text("3 van 3")
    expect(main.locator("tr", has_text="Auditspoor verzegelen")).to_contain_text("Klaar")
    shown("achtergrondtaken")

    main.get_by_label("Tonen").select_option(label="alleen mislukte taken")
    main.get_by_role("button", name="Tonen").click()
    expect(main.locator("tr", has_text="Auditspoor verzegelen")).to_have_count(0)
    expect(main.locator("tr", has_text="Berichten ophalen en beantwoorden")).to_be_visible()
    shown("alleen-mislukt")

    main.get_by_role("button", name="Opnieuw uitvoeren").click()
    expect(main).to_contain_text("De taak ‘Berichten ophalen en beantwoorden’ wordt opnieuw uitgevoerd.")
    expect(main.locator("tr", has_text="Berichten ophalen en beantwoorden")).to_contain_text("Klaar")
    expect(main.locator("tr", has_text="Berichten ophalen en beantwoorden")).to_contain_text("1 van 3")
    shown("opnieuw-uitgevoerd")
    pickup.refresh_from_db()
    assert (pickup.state, pickup.attempts) == (Job.State.DONE, 1)
    widths.assert_none()
