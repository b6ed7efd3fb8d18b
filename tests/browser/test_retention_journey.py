"""Retention and destruction in Chromium (issue 13, item 7), twenty years on: the privacy officer finds what is due
through the menu, draws up the destruction list, tries to keep a file longer without a date (the error at its field,
the reason kept); functional administration confirms — first without ticking the check (the error at the box), then
for real — and reads the statement of destruction. At 375 and 1280 px, on the demo; on the Krimpen seed profile a
desk question two years on. Screenshots and the WCAG check on every page."""

import datetime as dt

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Role, RoleAssignment
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.intake.actions import MeldingData, check_close_melding, check_register_melding
from toegang.intake.models import Melding
from toegang.profiles.actions import do_load_profile

from ..factories import HouseholdFactory, MedewerkerFactory, ResidentFactory
from ..retention_support import close_youth_case
from .test_flows import login, logout, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


def later(years: int, days: int):
    return time_machine.travel(timezone.now() + relativedelta(years=years) + dt.timedelta(days=days), tick=True)


def open_retention(page):
    open_menu(page)
    page.get_by_role("navigation").get_by_role("link", name="Bewaartermijnen").click()
    expect(page.get_by_role("heading", level=1, name="Bewaartermijnen en vernietiging")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_two_officers_destroy_a_youth_file_twenty_years_on(page, live_server, staff, axe_check, width):
    casus = close_youth_case(staff)["casus"]
    at_width(page, width)
    widths = Widths(width)
    reason = "Broertje krijgt nog jeugdhulp; het dossier is nodig."
    with later(20, 2):
        login(page, live_server, "privacy")
        open_retention(page)
        main = page.locator("main")
        expect(main).to_contain_text(f"Casus {casus.pk}")
        expect(main).to_contain_text("Jeugdwet art. 7.3.8")
        assert_plain_dutch(main.inner_text())
        axe_check(page, f"98-retention-due-{width}")
        widths.check(page, f"98-retention-due-{width}")
        page.get_by_role("button", name="Lijst opstellen").click()
        expect(main).to_contain_text("De vernietigingslijst is opgesteld.")
        expect(main).to_contain_text("vier ogen")
        expect(page.get_by_role("button", name="Bevestigen en vernietigen")).to_have_count(0)
        axe_check(page, f"98-retention-list-{width}")
        widths.check(page, f"98-retention-list-{width}")

        page.get_by_role("link", name="Langer bewaren").click()
        page.get_by_label("Reden").fill(reason)
        page.get_by_role("button", name="Langer bewaren").click()
        expect(page.get_by_label("Bewaren tot")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Reden")).to_have_value(reason)
        assert_plain_dutch(main.inner_text())
        axe_check(page, f"98-retention-hold-invalid-{width}")
        widths.check(page, f"98-retention-hold-invalid-{width}")
        page.get_by_role("link", name="Terug naar vernietigingslijst").click()
        logout(page)

        login(page, live_server, "beheer")
        open_retention(page)
        page.get_by_role("link", name="Vernietigingslijst").first.click()
        page.get_by_role("button", name="Bevestigen en vernietigen").click()
        box = page.get_by_label("Ik heb de lijst gecontroleerd")
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(main).to_contain_text("Bevestig dat u de lijst hebt gecontroleerd.")
        widths.check(page, f"98-retention-confirm-invalid-{width}")
        box.check()
        page.get_by_role("button", name="Bevestigen en vernietigen").click()
        expect(main).to_contain_text("Bevestigd: 1 dossier is vernietigd.")
        expect(page.get_by_role("heading", name="Verklaring van vernietiging")).to_be_visible()
        expect(main).to_contain_text("1 huishouden en 2 inwoners")
        assert_plain_dutch(main.inner_text())
        axe_check(page, f"98-retention-statement-{width}")
        widths.check(page, f"98-retention-statement-{width}")
    assert not Casus.objects.filter(pk=casus.pk).exists()
    widths.assert_none()


def test_on_the_krimpen_profile_a_desk_question_goes_after_two_years(page, live_server, axe_check):
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    krimpen = Gemeente.objects.get(cbs_code="0542")
    officers = {}
    for username, first, last, role in [("fg.krimpen", "Paula", "Schouten", "privacy"),
                                         ("fb.krimpen", "Bart", "Vos", "beheer")]:
        officers[role] = MedewerkerFactory(username=username, first_name=first, last_name=last)
        RoleAssignment.objects.create(medewerker=officers[role], gemeente=krimpen,
                                      role=Role.objects.get(profile=krimpen.profile, code=role))
    household = HouseholdFactory(gemeente=krimpen, wijk=krimpen.wijken.order_by("code").first(), postcode="2923AB",
                                 woonplaats=krimpen.name)
    person = ResidentFactory(household=household)
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=krimpen, persons=[person], data=MeldingData(
        question="Waar kan ik terecht voor schuldhulp?", channel="balie", source="zelf"))
    check_close_melding(actor=SYSTEM, melding=melding, reason="informatie gegeven")
    at_width(page, 375)
    widths = Widths(375)
    with later(2, 2):
        login(page, live_server, "fg.krimpen")
        open_retention(page)
        main = page.locator("main")
        expect(main).to_contain_text(f"Melding {melding.pk}")
        expect(main).to_contain_text("zoals Krimpen die toepast")
        assert "0542" not in main.inner_text() and "krimpen-2014" not in main.inner_text()
        page.get_by_role("button", name="Lijst opstellen").click()
        logout(page)
        login(page, live_server, "fb.krimpen")
        open_retention(page)
        page.get_by_role("link", name="Vernietigingslijst").first.click()
        page.get_by_label("Ik heb de lijst gecontroleerd").check()
        page.get_by_role("button", name="Bevestigen en vernietigen").click()
        expect(main).to_contain_text("Bevestigd: 1 dossier is vernietigd.")
        assert_plain_dutch(main.inner_text())
        axe_check(page, "98-retention-krimpen-375")
        widths.check(page, "98-retention-krimpen-375")
    assert not Melding.objects.filter(pk=melding.pk).exists()
    widths.assert_none()
