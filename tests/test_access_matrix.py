"""Every URL and API endpoint × every role (and anonymous) gets the expected answer.

The test walks the URL configuration: a new URL without an expectation here fails the test, so access is always
decided on purpose (default deny).

Every write posts a valid body for its object (tests/matrix_bodies.py), so a refusal comes from the permission
check and not from form validation: a write whose check went missing answers success for a role that should get
403 or 404, and the matrix fails. Each call runs in a savepoint that is rolled back, so every call starts from the
same objects. test_invalid_input_answers_422 covers the other outcome: an empty form from someone who may act.
"""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES
from .matrix_bodies import BODIES, build_world, url_kwargs

PERSONS_ALL = {"balie", "procesregisseur", "backoffice", "privacy"}  # persons.view_all
SEES = PERSONS_ALL | {"generalist", "teamleider"}  # residents, households and meldingen in wijk noord (team)
EDITS = {"balie", "procesregisseur", "backoffice", "generalist"}  # persons.register
TRIAGES = {"balie", "generalist", "procesregisseur", "teamleider"}  # intake.triage
INTAKE = {"balie", "generalist", "procesregisseur", "backoffice"}  # intake.register
# Who sees the cases: procesregie (cases.view_all), the team lead (cases.view_team) and the generalist, a betrokkene.
CASE = {"procesregisseur", "teamleider", "generalist"}
ASSIGNS = {"procesregisseur", "teamleider"}  # cases.assign: manage every case; the generalist is no director here
# Mandate 'inventarisatie en diagnose' for wmo-maatwerk and jeugd-verblijf (profiles/demo.yaml, mandaten).
PREPARES = {"generalist", "procesregisseur"}
GROUPS = {"sees": SEES, "edits": EDITS, "sees_not_edits": SEES - EDITS, "triages": TRIAGES,
          "sees_not_triages": SEES - TRIAGES, "intake": INTAKE, "sees_not_intake": SEES - INTAKE, "case": CASE,
          "assigns": ASSIGNS, "prepares": PREPARES, "provisions": CASE | {"backoffice"},
          "finance": {"procesregisseur", "backoffice", "teamleider", "beleid", "beheer"}}


def for_roles(default, **specific):
    """{role: status}: `default` for unnamed roles; each keyword names a group of GROUPS or one role, and later
    keywords override earlier ones."""
    out = {role: default for role in ROLES}
    for roles, status in specific.items():
        for role in GROUPS.get(roles, {roles}):
            assert role in out, role
            out[role] = status
    return out


# name -> (method, URL object (matrix_bodies.url_kwargs), query string of a GET, anonymous status, {role: status}).
# `name#method` rows test another method on the same URL; `name#what` rows (reads) the same URL on another kind of
# object, where the view decides access by what the object belongs to. Writes post matrix_bodies.BODIES[name].
EXPECTED = {
    "ui:home": ("get", None, None, 302, for_roles(200)),
    "ui:notifications-read": ("post", None, None, 302, for_roles(302)),
    "ui:notifications": ("get", None, None, 302, for_roles(200)),  # Berichten: only one's own (issue 12, point 8)
    "persons:search": ("get", None, None, 302, for_roles(200)),
    "persons:register": ("get", None, None, 302, for_roles(403, edits=200)),
    "persons:register#post": ("post", None, None, 302, for_roles(403, edits=302)),
    "persons:merge": ("get", None, None, 302, for_roles(403, backoffice=200)),
    "persons:merge#post": ("post", None, None, 302, for_roles(403, backoffice=302)),
    "persons:resident": ("get", "resident", None, 302, for_roles(404, sees=200)),
    "persons:edit": ("get", "resident", None, 302, for_roles(404, sees_not_edits=403, edits=200)),
    "persons:edit#post": ("post", "resident", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:household": ("get", "household", None, 302, for_roles(404, sees=200)),
    "persons:move": ("post", "household", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:network": ("post", "household", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:add-member": ("post", "family", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:leave": ("post", "family", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:relation": ("post", "family", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:end-relation": ("post", "family", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "persons:gezag": ("post", "family", None, 302, for_roles(404, sees_not_edits=403, edits=302)),
    "audit:person-log": ("get", None, None, 302, for_roles(403, privacy=200)),
    "audit:person-log-export": ("get", "resident", None, 302, for_roles(403, privacy=200)),
    # AVG requests (issue 13 item 8): only the privacy officer; the access request answers with the export (200)
    "audit:access-request": ("post", "resident", None, 302, for_roles(403, privacy=200)),
    "audit:correction-request": ("post", "resident", None, 302, for_roles(403, privacy=302)),
    "audit:decide-correction": ("post", "rights_request", None, 302, for_roles(403, privacy=302)),
    # break-the-glass (issue 13 item 6): who sees persons by team (persons.view_team: generalist, team lead) asks it;
    # the team lead sees the household in centrum already (422: no glass to break). Only its holder ends a grant
    # (the generalist's); only the privacy officer (audit.view) sees the grants.
    "persons:emergency": ("get", None, None, 302, for_roles(403, generalist=200, teamleider=200)),
    "persons:emergency#post": ("post", None, None, 302, for_roles(403, generalist=302, teamleider=422)),
    "persons:emergency-end": ("post", "emergency_grant", None, 302, for_roles(404, generalist=302)),
    "audit:emergency-accesses": ("get", None, None, 302, for_roles(403, privacy=200)),
    "audit:emergency-access": ("get", "emergency_grant", None, 302, for_roles(403, privacy=200)),
    # retention (issue 13 item 7): the privacy officer drew the list up, so only functional administration confirms;
    # nothing is due in this world, so drawing up a list is refused with 409 after the right was checked
    "retention:due": ("get", None, None, 302, for_roles(403, privacy=200, beheer=200)),
    "retention:propose": ("post", None, None, 302, for_roles(403, privacy=409, beheer=409)),
    "retention:list": ("get", "destruction_list", None, 302, for_roles(403, privacy=200, beheer=200)),
    "retention:confirm": ("post", "destruction_list", None, 302, for_roles(403, beheer=302)),
    "retention:reject": ("post", "destruction_list", None, 302, for_roles(403, privacy=302, beheer=302)),
    "retention:hold": ("get", "destruction_item", None, 302, for_roles(403, privacy=200, beheer=200)),
    "retention:hold#post": ("post", "destruction_item", None, 302, for_roles(403, privacy=302, beheer=302)),
    "intake:register": ("get", None, None, 302, for_roles(403, intake=200)),
    "intake:register#post": ("post", None, None, 302, for_roles(403, intake=302)),
    "intake:melding": ("get", "melding", None, 302, for_roles(404, sees=200)),
    "intake:triage": ("post", "advies", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:pick-up": ("post", "advies", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:contact": ("post", "advies", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:close": ("post", "advies", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:aanvraag": ("post", "advies", None, 302, for_roles(404, sees_not_intake=403, intake=302)),
    "intake:clock": ("post", "clock", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    # Wmo 2015 art. 2.3.2 lid 1–3 (intake.permissions.can_write_to_resident): whoever registers or triages meldingen
    # sends the receipts and records the persoonlijk plan and cliëntondersteuning; whoever sees the melding reads them
    "intake:melding-receipt": ("post", "melding", None, 302, for_roles(404, sees=403, intake=302, triages=302)),
    "intake:personal-plan": ("post", "melding", None, 302, for_roles(404, sees=403, intake=302, triages=302)),
    "intake:personal-plan-document": ("get", "personal_plan", None, 302, for_roles(404, sees=200)),
    "intake:client-support": ("post", "melding", None, 302, for_roles(404, sees=403, intake=302, triages=302)),
    "intake:aanvraag-receipt": ("post", "single_aanvraag", None, 302,
                                for_roles(404, sees=403, intake=302, triages=302)),
    # a letter to the resident is read as part of the file it belongs to: the melding, the case or the decision
    "intake:letter": ("get", "receipt_letter", None, 302, for_roles(404, sees=200)),
    "intake:letter#verslag": ("get", "report_letter", None, 302, for_roles(404, case=200)),
    "intake:letter#bezwaar": ("get", "bezwaar_letter", None, 302, for_roles(404, provisions=200)),
    # taking up a referral (issue 11): who triages links; registering from it needs persons.register too
    "intake:link": ("post", "referral", None, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:register-person": ("get", "referral", None, 302,
                               for_roles(404, sees_not_triages=403, triages=200, teamleider=403)),
    "intake:register-person#post": ("post", "referral", None, 302,
                                    for_roles(404, sees_not_triages=403, triages=302, teamleider=403)),
    "intake:inbox": ("get", None, None, 302, for_roles(200)),
    "intake:refer": ("get", None, None, 302, for_roles(403, partner=200)),
    "intake:refer#post": ("post", None, None, 302, for_roles(403, partner=302)),
    "intake:referrals": ("get", None, None, 302, for_roles(403, partner=200)),
    "cases:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    # the forms of the case page, fetched as their section opens: the page's own visibility (issue 16)
    "cases:form": ("get", "case_form", None, 302, for_roles(404, generalist=403, assigns=200)),
    "cases:form#note": ("get", "case_note_form", None, 302, for_roles(404, case=200)),
    "cases:section": ("get", "case_section", None, 302, for_roles(404, case=200)),
    "cases:director": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    # a case waiting for its director: the case workers of its team take it; process direction assigns instead
    "cases:take": ("post", "waiting_case", None, 302,
                   for_roles(404, procesregisseur=403, teamleider=302, generalist=302)),
    "cases:involve": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "cases:uninvolve": ("post", "involvement", None, 302, for_roles(404, generalist=403, assigns=302)),
    "cases:flags": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "cases:advance": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "cases:close": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    # closed today: the generalist's involvement ends today (inclusive), so he still sees it, but may not reopen
    "cases:reopen": ("post", "closed_case", None, 302, for_roles(404, generalist=403, assigns=302)),
    "cases:contact": ("post", "casus", None, 302, for_roles(404, case=302)),
    "cases:note": ("post", "casus", None, 302, for_roles(404, case=302)),
    "cases:handover": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    # proposed to the generalist: only the proposed successor decides
    "cases:handover-decide": ("post", "handover_case", None, 302, for_roles(404, assigns=403, generalist=302)),
    "cases:document": ("post", "casus", None, 302, for_roles(404, case=302)),
    "cases:task": ("post", "casus", None, 302, for_roles(404, case=302)),
    # the task is the generalist's (a task without a team): only its assignee completes it
    "cases:task-done": ("post", "task", None, 302, for_roles(404, assigns=403, generalist=302)),
    "cases:document-download": ("get", "document", None, 302, for_roles(404, case=200)),
    "plans:plan": ("get", "casus", None, 302, for_roles(404, case=200)),
    "plans:pdf": ("get", "casus", None, 302, for_roles(404, case=200)),
    "assessments:record": ("post", "casus", None, 302, for_roles(404, case=302)),
    "assessments:safety": ("post", "casus", None, 302, for_roles(404, case=302)),
    "assessments:clarification": ("post", "casus", None, 302, for_roles(404, case=302)),
    # the written report of the investigation (Wmo 2015 art. 2.3.2 lid 8): who writes in the case's journal sends it
    "assessments:report": ("post", "casus", None, 302, for_roles(404, case=302)),
    "plans:goal": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "plans:goal-status": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "plans:action": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "plans:evaluation": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "plans:agree": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "plans:coordination": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "provisions:social-map": ("get", None, None, 200, for_roles(200)),
    "provisions:catalogue": ("get", None, None, 302, for_roles(200)),
    "provisions:voorziening": ("get", "voorziening", None, 302, for_roles(200)),
    "provisions:voorziening-edit": ("post", "voorziening", None, 302, for_roles(403, beheer=302)),
    "provisions:tariff": ("post", "product", None, 302, for_roles(403, beheer=302)),
    "provisions:ceiling": ("post", "contract", None, 302, for_roles(403, beheer=302)),
    "provisions:mandates": ("get", None, None, 302, for_roles(200)),
    "provisions:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    "provisions:case#post": ("post", "casus", None, 302, for_roles(404, case=403, prepares=302)),
    # a single question's aanvraag (no case): whoever sees its melding sees the page; the mandate to prepare
    "provisions:single-question": ("get", "single_aanvraag", None, 302, for_roles(404, sees=200)),
    "provisions:single-question#post": ("post", "single_aanvraag", None, 302,
                                        for_roles(404, sees=403, prepares=302)),
    "provisions:worklist": ("get", None, None, 302, for_roles(200)),
    "provisions:indication": ("get", "indicatie", None, 302, for_roles(404, provisions=200)),
    # a proposal: the back office sees no indication before it has a decision
    "provisions:set-indication": ("post", "proposal", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "provisions:decide": ("post", "proposal", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "provisions:withdraw": ("post", "proposal", None, 302, for_roles(404, case=403, prepares=302)),
    # a disagreement with the proposal (BUCH seed 001 §4.4.1; the world switches `formaliseren` on for Wmo
    # maatwerk): who holds 'beschikking' for it puts it to the team lead
    "provisions:disagreement": ("post", "proposal", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "provisions:besluit": ("get", "besluit", None, 302, for_roles(404, provisions=200)),
    "provisions:letter": ("get", "besluit", None, 302, for_roles(404, provisions=200)),
    # four eyes: the procesregisseur took this decision, so the teamleider (mandate 'beschikking') approves it
    "provisions:second-opinion": ("post", "four_eyes", None, 302, for_roles(404, case=403, teamleider=302)),
    "provisions:send": ("post", "established", None, 302, for_roles(404, provisions=403, backoffice=302)),
    "provisions:correct": ("post", "besluit", None, 302, for_roles(404, provisions=403, prepares=302)),
    "provisions:objection": ("post", "besluit", None, 302,
                             for_roles(404, provisions=403, backoffice=302, procesregisseur=302)),
    "provisions:objection-decide": ("post", "bezwaar", None, 302, for_roles(404, provisions=403, procesregisseur=302)),
    # the receipt of a bezwaar (Awb 6:14): who may register it confirms it
    "provisions:objection-receipt": ("post", "bezwaar", None, 302,
                                     for_roles(404, provisions=403, backoffice=302, procesregisseur=302)),
    "provisions:budget": ("get", None, None, 302, for_roles(403, finance=200)),
    "insight:dashboard": ("get", None, None, 302, for_roles(403, finance=200)),  # indicators (issue 15)
    "insight:export-start": ("post", None, None, 302, for_roles(403, finance=302)),  # the whole dashboard as a job
    "insight:export": ("get", "export_job", None, 302, for_roles(404, beleid=200)),  # only who asked for it
    "insight:export-file": ("get", "export_job", None, 302, for_roles(404, beleid=200)),
    "insight:staffing": ("get", None, None, 302, for_roles(403, finance=200)),  # formatieberekening (issue 15)
    # the team dashboard (issue 15 item 2): team leads (their own teams) and process direction
    "insight:team": ("get", None, None, 302, for_roles(403, procesregisseur=200, teamleider=200)),
    # evaluation reports for the seed questions (issue 15 item 6): finance.view or cases.view_all (process direction)
    "insight:evaluation": ("get", None, None, 302, for_roles(403, finance=200)),
    "insight:evaluation-report": ("get", "evaluation_report", None, 302, for_roles(403, finance=200)),
    "login": ("get", None, None, 200, for_roles(200)),
    "logout": ("post", None, None, 302, for_roles(302)),
    "set_language": ("post", None, None, 302, for_roles(302)),
    # health and metrics (issue 16 item 2): no login; /metrics does not exist without TOEGANG_METRICS_TOKEN (as here),
    # and a session never opens it (tests/test_observability.py: 401 without the token, 200 with it)
    "healthz": ("get", None, None, 200, for_roles(200)),
    "readyz": ("get", None, None, 200, for_roles(200)),
    "metrics": ("get", None, None, 404, for_roles(404)),
    "api-docs": ("get", None, None, 200, for_roles(200)),
    "api:schema": ("get", None, None, 200, for_roles(200)),
    "api:inwoner-list": ("get", None, "?naam=noord", 401, for_roles(200)),
    "api:inwoner-detail": ("get", "resident", None, 401, for_roles(404, sees=200)),
    "api:huishouden-list": ("get", None, None, 401, for_roles(200)),
    "api:inwoner-list#post": ("post", None, None, 401, for_roles(403, edits=201)),
    "api:huishouden-list#post": ("post", None, None, 401, for_roles(403, edits=201)),
    "api:melding-list": ("get", None, None, 401, for_roles(200)),
    "api:melding-list#post": ("post", None, None, 401, for_roles(403, intake=201)),
    "api:melding-detail": ("get", "melding", None, 401, for_roles(404, sees=200)),
    "api:melding-triage": ("post", "advies", None, 401, for_roles(404, sees_not_triages=403, triages=200)),
    "api:melding-koppel": ("post", "referral", None, 401, for_roles(404, sees_not_triages=403, triages=200)),
    "api:aanvraag-list": ("get", None, None, 401, for_roles(200)),
    "api:aanvraag-list#post": ("post", None, None, 401, for_roles(403, intake=201)),
    "api:aanvraag-detail": ("get", "aanvraag", None, 401, for_roles(404, sees=200)),
    "api:verwijzing-list": ("get", None, None, 401, for_roles(403, partner=200)),
    "api:verwijzing-list#post": ("post", None, None, 401, for_roles(403, partner=201)),
    # a partner reads only its own organisation's referrals: another organisation's is not found
    "api:verwijzing-detail": ("get", "referral", None, 401, for_roles(403, partner=200)),
    "api:verwijzing-detail#andere-partner": ("get", "foreign_referral", None, 401, for_roles(403, partner=404)),
    "api:casus-list": ("get", None, None, 401, for_roles(200)),
    "api:casus-detail": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-plan": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-doelen": ("post", "casus", None, 401, for_roles(404, generalist=403, assigns=201)),
    "api:casus-acties": ("post", "casus", None, 401, for_roles(404, generalist=403, assigns=201)),
    "api:casus-contactmomenten": ("post", "casus", None, 401, for_roles(404, case=201)),
    "api:casus-contactmomenten#get": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-contactmoment": ("get", "contact_moment", None, 401, for_roles(404, case=200)),
    "api:casus-metingen": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-metingen#post": ("post", "casus", None, 401, for_roles(404, case=201)),
    "api:casus-meting": ("get", "measurement", None, 401, for_roles(404, case=200)),
    "api:casus-vraagverhelderingen": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-vraagverhelderingen#post": ("post", "casus", None, 401, for_roles(404, case=201)),
    "api:casus-vraagverheldering": ("get", "clarification", None, 401, for_roles(404, case=200)),
    "api:voorziening-list": ("get", None, None, 401, for_roles(200)),
    "api:voorziening-detail": ("get", "voorziening", None, 401, for_roles(200)),
    "api:product-list": ("get", None, None, 401, for_roles(200)),
    "api:product-detail": ("get", "product", None, 401, for_roles(200)),
    "api:indicatie-list": ("get", None, None, 401, for_roles(200)),
    "api:indicatie-list#post": ("post", None, None, 401, for_roles(404, case=403, prepares=201)),
    "api:indicatie-detail": ("get", "indicatie", None, 401, for_roles(404, provisions=200)),
    "api:indicatie-besluit": ("post", "proposal", None, 401, for_roles(404, case=403, procesregisseur=201)),
    "api:besluit-list": ("get", None, None, 401, for_roles(200)),
    "api:besluit-detail": ("get", "besluit", None, 401, for_roles(404, provisions=200)),
    "api:besluit-brief": ("get", "besluit", None, 401, for_roles(404, provisions=200)),
    "api:besluit-verzenden": ("post", "established", None, 401, for_roles(404, provisions=403, backoffice=200)),
    "api:bezwaar-list": ("get", None, None, 401, for_roles(200)),
    "api:bezwaar-list#post": ("post", None, None, 401,
                              for_roles(404, provisions=403, backoffice=201, procesregisseur=201)),
    "api:bezwaar-detail": ("get", "bezwaar", None, 401, for_roles(404, provisions=200)),
    "api:inwoner-detail#put": ("put", "resident", None, 401, for_roles(404, sees_not_edits=403, edits=200)),
    "api:huishouden-detail": ("get", "household", None, 401, for_roles(404, sees=200)),
    "api:huishouden-verhuizing": ("post", "household", None, 401, for_roles(404, sees_not_edits=403, edits=200)),
    # expert consultation (issue 12 point 11): whoever sees the case (or the single question's melding) reads it;
    # whoever may prepare an indication (mandate 'inventarisatie en diagnose') records one and its advice
    "provisions:case-consultations": ("get", "casus", None, 302, for_roles(404, case=200)),
    "provisions:case-consultations#post": ("post", "casus", None, 302, for_roles(404, case=403, prepares=302)),
    "provisions:case-advice": ("post", "consultation", None, 302, for_roles(404, case=403, prepares=302)),
    "provisions:single-question-consultations": ("get", "single_aanvraag", None, 302, for_roles(404, sees=200)),
    "provisions:single-question-consultations#post": ("post", "single_aanvraag", None, 302,
                                                      for_roles(404, sees=403, prepares=302)),
    "provisions:single-question-advice": ("post", "single_consultation", None, 302,
                                          for_roles(404, sees=403, prepares=302)),
    "api:raadpleging-list": ("post", None, None, 401, for_roles(404, case=403, prepares=201)),
    "api:raadpleging-detail": ("get", "consultation_api", None, 401, for_roles(404, case=200)),
    "api:raadpleging-advies": ("post", "consultation_api", None, 401, for_roles(404, case=403, prepares=200)),
    # case conferences (issue 12 point 4): the case director and process direction (cases.direct) convene and record;
    # whoever sees the case (and each staff invitee) reads the conference
    # complaints and satisfaction (feedback/, docs/feedback.md): whoever sees the case and handles complaints or
    # records satisfaction answers opens the page (each sees their part); complaints are handled by process direction
    # and the team lead (the generalist is a betrokkene only: 403; never the case's own director, Awb 9:7); the
    # satisfaction answer on a closed case by case work or process direction
    "feedback:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    "feedback:register": ("post", "casus", None, 302, for_roles(404, generalist=403, assigns=302)),
    "feedback:conclude": ("post", "complaint", None, 302, for_roles(404, generalist=403, assigns=302)),
    "feedback:forward": ("post", "concluded_complaint", None, 302, for_roles(404, generalist=403, assigns=302)),
    "feedback:satisfaction": ("post", "closed_case", None, 302, for_roles(404, case=302)),
    "conferences:new": ("get", "casus", None, 302, for_roles(404, case=403, procesregisseur=200)),
    "conferences:new#post": ("post", "casus", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "conferences:conference": ("get", "conference", None, 302, for_roles(404, case=200)),
    "conferences:minutes": ("post", "conference", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "conferences:cancel": ("post", "conference", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "api:casusoverleg-list": ("get", None, None, 401, for_roles(200)),
    "api:casusoverleg-list#post": ("post", None, None, 401, for_roles(404, case=403, procesregisseur=201)),
    "api:casusoverleg-detail": ("get", "conference", None, 401, for_roles(404, case=200)),
    "api:casusoverleg-verslag": ("post", "conference", None, 401, for_roles(404, case=403, procesregisseur=200)),
    "api:casusoverleg-annuleren": ("post", "conference", None, 401, for_roles(404, case=403, procesregisseur=200)),
    # escalation (issue 12 points 3 and 9; demo ladder: generalist → teamleider → procesregisseur): whoever sees the
    # case reads its escalation; process direction (cases.direct) or the role of the current level moves it (the
    # generalist acts at level 1, the team lead at level 2), the acting level takes it up; only cases.impose decides
    "escalation:list": ("get", None, None, 302, for_roles(403, procesregisseur=200, teamleider=200)),
    "escalation:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    "escalation:escalate": ("post", "casus", None, 302, for_roles(404, case=302, teamleider=403)),
    "escalation:deescalate": ("post", "escalated_case", None, 302, for_roles(404, case=302, generalist=403)),
    "escalation:pick-up": ("post", "escalated_case", None, 302, for_roles(404, case=403, teamleider=302)),
    "escalation:binding": ("post", "casus", None, 302, for_roles(404, case=403, procesregisseur=302)),
    # the binding decision form of the case page's escalation section, fetched as it opens (issue 16)
    "escalation:binding-form": ("get", "casus", None, 302, for_roles(404, case=403, procesregisseur=200)),
    "api:escalatie-list": ("get", None, None, 401, for_roles(200)),
    "api:escalatie-detail": ("get", "escalation", None, 401, for_roles(404, case=200)),
    "api:escalatie-opschalen": ("post", None, None, 401, for_roles(404, case=201, teamleider=403)),
    "api:escalatie-afschalen": ("post", "escalation", None, 401, for_roles(404, case=200, generalist=403)),
    "api:escalatie-opgepakt": ("post", "escalation", None, 401, for_roles(404, case=403, teamleider=200)),
    "api:escalatie-bindende-besluiten": ("post", None, None, 401, for_roles(404, case=403, procesregisseur=201)),
    "api:escalatie-bindend-besluit": ("get", "binding_decision", None, 401, for_roles(404, case=200)),
    # process direction (issue 12 points 2 and 10): the attention list and a case's process director, only for
    # cases.direct (the demo's procesregisseur); whoever else sees the case gets 403, the others 404
    "direction:attention": ("get", None, None, 302, for_roles(403, procesregisseur=200)),
    "direction:process-director": ("get", "casus", None, 302, for_roles(404, case=403, procesregisseur=200)),
    # topic contact points: whoever writes in the case's journal (as cases:note)
    "direction:contact-point": ("get", "casus", None, 302, for_roles(404, case=200)),
    "direction:contact-point#post": ("post", "casus", None, 302, for_roles(404, case=302)),
    "direction:process-director#post": ("post", "casus", None, 302, for_roles(404, case=403, procesregisseur=302)),
    "direction:end-process-director": ("post", "escalated_case", None, 302,
                                       for_roles(404, case=403, procesregisseur=302)),
    # the meldcode (issue 12 points 5 and 9): ONLY the case director, process direction (cases.direct) and the privacy
    # officer (audit.view, reading) — the involved generalist and the team lead who see the case get 404 as well
    "safety:meldcode-new": ("get", "casus", None, 302, for_roles(404, procesregisseur=200)),
    "safety:meldcode-new#post": ("post", "casus", None, 302, for_roles(404, procesregisseur=302)),
    "safety:meldcode": ("get", "trajectory", None, 302, for_roles(404, procesregisseur=200, privacy=200)),
    "safety:meldcode-step": ("post", "trajectory", None, 302, for_roles(404, procesregisseur=302, privacy=403)),
    "safety:meldcode-kindcheck": ("post", "trajectory", None, 302, for_roles(404, procesregisseur=302, privacy=403)),
    "safety:meldcode-veilig-thuis": ("post", "trajectory", None, 302,
                                     for_roles(404, procesregisseur=302, privacy=403)),
    "api:meldcode-traject-list": ("get", None, None, 401, for_roles(200)),
    "api:meldcode-traject-list#post": ("post", None, None, 401, for_roles(404, procesregisseur=201)),
    "api:meldcode-traject-detail": ("get", "trajectory", None, 401, for_roles(404, procesregisseur=200, privacy=200)),
    "api:meldcode-traject-stappen": ("post", "trajectory", None, 401,
                                     for_roles(404, procesregisseur=201, privacy=403)),
    # the safety plan (point 6) belongs to the case: whoever writes in the case makes, reviews and ends it
    "safety:plan-new": ("get", "escalated_case", None, 302, for_roles(404, case=200)),
    "safety:plan-new#post": ("post", "escalated_case", None, 302, for_roles(404, case=302)),
    "safety:plan": ("get", "safety_plan", None, 302, for_roles(404, case=200)),
    "safety:plan-review": ("post", "safety_plan", None, 302, for_roles(404, case=302)),
    "safety:plan-end": ("post", "safety_plan", None, 302, for_roles(404, case=302)),
    # the Verwijsindex (issue 12 point 7): verwijsindex.signal (generalist, procesregisseur, partner) gives signals
    # — only with an organisation on the account (the test staff but the partner have none: 422) — and sees its own;
    # verwijsindex.coordinate (procesregisseur) sees every match and the history; the parties of a match see it
    "verwijsindex:signals": ("get", None, None, 302, for_roles(403, generalist=200, procesregisseur=200, partner=200)),
    "verwijsindex:signals#post": ("post", None, None, 302,
                                  for_roles(403, generalist=422, procesregisseur=422, partner=302)),
    "verwijsindex:matches": ("get", None, None, 302, for_roles(403, procesregisseur=200)),
    "verwijsindex:history": ("get", None, None, 302, for_roles(403, procesregisseur=200)),
    "verwijsindex:match": ("get", "vi_match", None, 302, for_roles(404, procesregisseur=200, partner=200)),
    # the demo rule made the partner (a zorgaanbieder) coordinator already: only a coordinator takes it over
    "verwijsindex:take": ("post", "vi_match", None, 302, for_roles(404, procesregisseur=302, partner=403)),
    "verwijsindex:assign": ("post", "vi_match", None, 302, for_roles(404, procesregisseur=302, partner=403)),
    "api:signaal-list": ("get", None, None, 401, for_roles(403, generalist=200, procesregisseur=200, partner=200)),
    "api:signaal-list#post": ("post", None, None, 401,
                              for_roles(403, generalist=400, procesregisseur=400, partner=201)),
    "api:signaal-detail": ("get", "vi_signal", None, 401,
                           for_roles(403, generalist=404, procesregisseur=404, partner=200)),
    "api:match-list": ("get", None, None, 401, for_roles(200)),
    "api:match-detail": ("get", "vi_match", None, 401, for_roles(404, procesregisseur=200, partner=200)),
    # API keys (issue 13 item 4): everyone makes and lists their own; a key (the generalist's) is seen and revoked by
    # its staff member and by functional administration in a gemeente of theirs, and is not found by anyone else.
    # Making one answers the page itself with the key shown once (201), not a redirect: the key is never stored.
    "accounts:api-tokens": ("get", None, None, 302, for_roles(200)),
    "accounts:api-tokens#post": ("post", None, None, 302, for_roles(201)),
    "accounts:api-token-revoke": ("post", "api_token", None, 302, for_roles(404, generalist=302, beheer=302)),
    # The second factor (issue 13 item 2), "optioneel" in the tests: nobody here has an app, so the code page sends
    # on to where one was going; anyone may set one up ('Koppelen' makes the secret, then its page with the QR code).
    "accounts:second-factor": ("get", None, None, 302, for_roles(302)),
    "accounts:second-factor#post": ("post", None, None, 302, for_roles(302)),
    "accounts:set-up-second-factor": ("get", None, None, 302, for_roles(200)),
    "accounts:set-up-second-factor#post": ("post", None, None, 302, for_roles(302)),
    # Logging in through the IdP (issue 13 item 1): not configured in the matrix world, so both answer 404;
    # tests/test_oidc_login.py runs them against a real OpenID provider.
    "accounts:oidc-start": ("get", None, None, 404, for_roles(404)),
    "accounts:oidc-callback": ("get", None, None, 404, for_roles(404)),
    "api:api-sleutel-list": ("get", None, None, 401, for_roles(200)),
    "api:api-sleutel-list#post": ("post", None, None, 401, for_roles(201)),
    "api:api-sleutel-detail": ("get", "api_token", None, 401, for_roles(404, generalist=200, beheer=200)),
    "api:api-sleutel-detail#delete": ("delete", "api_token", None, 401, for_roles(404, generalist=204, beheer=204)),
    # Staff administration (issue 13 item 3): only functional administration (config.manage) opens it; everyone else
    # is refused outright (403). The demo's beheer may grant the generalist's role (profile kan_toekennen), so they
    # administer the generalist: details, account, roles, teams, second factor, API keys.
    # the messages with providers (issue 14): the back office
    "messaging:overview": ("get", None, None, 302, for_roles(403, backoffice=200)),
    "messaging:import": ("post", None, None, 302, for_roles(403, backoffice=302)),
    "messaging:message": ("get", "bericht", None, 302, for_roles(403, backoffice=200)),
    "messaging:download": ("get", "bericht", None, 302, for_roles(403, backoffice=200)),
    # a provider's request (issue 14 item 4): the back office sees every one (messages.manage), a decider by mandate
    # (beschikking) those about their kind of provision: the team lead decides on residential youth care only, so
    # this request for specialist youth care does not exist for him; only the process director answers it
    "messaging:requests": ("get", None, None, 302, for_roles(403, backoffice=200, procesregisseur=200,
                                                             teamleider=200)),
    "messaging:request": ("get", "verzoek", None, 302, for_roles(403, backoffice=200, procesregisseur=200,
                                                                teamleider=404)),
    "messaging:request-accept": ("post", "verzoek", None, 302, for_roles(403, backoffice=403, procesregisseur=302,
                                                                        teamleider=404)),
    "messaging:request-refuse": ("post", "verzoek", None, 302, for_roles(403, backoffice=403, procesregisseur=302,
                                                                        teamleider=404)),
    "messaging:request-investigate": ("post", "verzoek", None, 302, for_roles(403, backoffice=403,
                                                                             procesregisseur=302, teamleider=404)),
    # the API of the messages and assignments (issue 14 item 8): the back office (messages.manage), everyone else 403;
    # an upload that is no message at all is still received and kept (201)
    "api:bericht-list": ("get", None, None, 401, for_roles(403, backoffice=200)),
    "api:bericht-list#post": ("post", None, None, 401, for_roles(403, backoffice=201)),
    "api:bericht-detail": ("get", "bericht", None, 401, for_roles(403, backoffice=200)),
    "api:bericht-xml": ("get", "bericht", None, 401, for_roles(403, backoffice=200)),
    "api:toewijzing-list": ("get", None, None, 401, for_roles(403, backoffice=200)),
    "api:toewijzing-detail": ("get", "toewijzing", None, 401, for_roles(403, backoffice=200)),
    "api:declaratie-list": ("get", None, None, 401, for_roles(403, backoffice=200)),
    "api:declaratie-detail": ("get", "declaratie", None, 401, for_roles(403, backoffice=200)),
    "accounts:staff": ("get", None, None, 302, for_roles(403, beheer=200)),
    "accounts:staff-new": ("get", None, None, 302, for_roles(403, beheer=200)),
    "accounts:staff-new#post": ("post", None, None, 302, for_roles(403, beheer=302)),
    "accounts:staff-member": ("get", "staff", None, 302, for_roles(403, beheer=200)),
    "accounts:staff-details": ("post", "staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-deactivate": ("post", "staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-reactivate": ("post", "inactive_staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-grant-role": ("post", "staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-revoke-role": ("post", "staff_role", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-add-team": ("post", "staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-remove-team": ("post", "staff_team", None, 302, for_roles(403, beheer=302)),
    # background jobs (issue 16): functional administration sees them and runs a failed one again
    "jobs:list": ("get", None, None, 302, for_roles(403, beheer=200)),
    "jobs:rerun": ("post", "failed_job", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-reset-second-factor": ("post", "staff", None, 302, for_roles(403, beheer=302)),
    "accounts:staff-revoke-api-token": ("post", "staff_api_token", None, 302, for_roles(403, beheer=302)),
    "api:medewerker-list": ("get", None, None, 401, for_roles(403, beheer=200)),
    "api:medewerker-list#post": ("post", None, None, 401, for_roles(403, beheer=201)),
    "api:medewerker-detail": ("get", "staff", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-detail#patch": ("patch", "staff", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-rollen": ("get", "staff", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-rollen#post": ("post", "staff", None, 401, for_roles(403, beheer=201)),
    "api:medewerker-rol": ("get", "api_staff_role", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-rol#delete": ("delete", "api_staff_role", None, 401, for_roles(403, beheer=204)),
    "api:medewerker-teams": ("get", "staff", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-teams#post": ("post", "staff", None, 401, for_roles(403, beheer=201)),
    "api:medewerker-team": ("get", "api_staff_team", None, 401, for_roles(403, beheer=200)),
    "api:medewerker-team#delete": ("delete", "api_staff_team", None, 401, for_roles(403, beheer=204)),
}
WRITES = sorted(name for name, spec in EXPECTED.items() if spec[0] != "get")
# Page writes without typed input (a button): nothing to be invalid, so no 422.
# A letter sent once whose content comes from the file (the receipt of an aanvraag or a bezwaar) is such a button.
BUTTONS = {"ui:notifications-read", "intake:pick-up", "intake:contact", "cases:uninvolve", "cases:advance", "cases:take",
           "cases:task-done", "provisions:correct", "intake:aanvraag-receipt", "provisions:objection-receipt", "logout",
           "set_language", "retention:propose"}
BUTTONS |= {"verwijsindex:take"}  # the Verwijsindex: take coordination (issue 12 point 7)
BUTTONS |= {"accounts:api-token-revoke"}  # revoke an API key (issue 13 item 4)
BUTTONS |= {"persons:emergency-end"}  # end one's break-the-glass grant early (issue 13 item 6)
# staff administration (issue 13 item 3): revoke a role, take out of a team, revoke a staff member's API key
BUTTONS |= {"accounts:staff-revoke-role", "accounts:staff-remove-team", "accounts:staff-revoke-api-token"}
# the second factor without an app (the matrix world): 'Koppelen' is a button; the code page has nothing to check
# (a wrong code answers 422: tests/test_second_factor.py)
BUTTONS |= {"accounts:second-factor#post", "accounts:set-up-second-factor#post"}
BUTTONS |= {"jobs:rerun"}  # run a failed background job again (issue 16): its own arguments, nothing typed
PAGE_FORMS = [name for name in WRITES if not name.startswith("api:") and name not in BUTTONS]
# The admin is for Django staff users only; no profile role makes someone staff.
ADMIN_STATUS = 302


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from all_url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_url_has_an_expectation():
    names = {name for name, _ in all_url_names() if not name.startswith("admin:")}
    expected = {name.split("#")[0] for name in EXPECTED}
    assert names - expected == set(), "add the new URLs to EXPECTED in this test"
    assert expected - names == set(), "EXPECTED names URLs that no longer exist"


def test_every_write_has_a_valid_body():
    assert set(WRITES) - set(BODIES) == set(), "add a valid body to matrix_bodies.BODIES"
    assert set(BODIES) - set(WRITES) == set(), "BODIES names rows that are no writes in EXPECTED"


@pytest.fixture
def world(staff):
    return build_world(staff)


def call(client, name, world, body=None):
    """One request of a row; writes post `body`, by default the row's valid body."""
    method, key, query, *_ = EXPECTED[name]
    url = reverse(name.split("#")[0], kwargs=url_kwargs(world)[key] if key else None)
    if method == "get":
        return client.get(url + (query or ""))
    body = BODIES[name](world) if body is None else body
    if isinstance(body, bytes):  # a provider's XML message, posted as itself (api:bericht-list#post)
        return getattr(client, method)(url, data=body, content_type="application/xml")
    if name.startswith("api:"):
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


def status_of(client, name, world, body=None):
    """The status of one call, made in a savepoint that is rolled back (so the next call sees the same objects);
    an exception is reported as the answer instead of ending the walk."""
    try:
        with transaction.atomic():
            response = call(client, name, world, body)
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - a crash is a wrong answer like any other; report it with the rest
        return f"{type(exc).__name__}: {exc}"
    return response.status_code


def test_anonymous(world):
    """One walk, not one test per URL: the world is built once."""
    wrong = {}
    for name, spec in EXPECTED.items():
        client = Client()
        with transaction.atomic():
            response = call(client, name, world)
            transaction.set_rollback(True)
        if response.status_code != spec[3]:
            wrong[name] = (response.status_code, spec[3])
        elif response.status_code == 302 and not name.startswith(("login", "logout", "set_language")) \
                and not response["Location"].startswith(reverse("login")):
            wrong[name] = (response["Location"], "to the login page")
    assert wrong == {}, "anonymous: (got, expected) per URL"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_url(world, role):
    client = Client()
    client.force_login(world["staff"][role])
    wrong = {}
    for name, spec in EXPECTED.items():
        if name == "logout":
            continue  # would end the session for the rest of the loop; covered by test_anonymous and below
        status = status_of(client, name, world)
        if status != spec[4][role]:
            wrong[name] = (status, spec[4][role])
    assert wrong == {}, f"{role}: (got, expected) per URL"
    assert call(client, "logout", world).status_code == 302


def test_invalid_input_answers_422(world):
    """An empty form from a role that may act: the page again with 422, so the valid bodies above are what makes
    the writes succeed, and form validation is not what refuses the others."""
    wrong = {}
    for name in PAGE_FORMS:
        # a role whose valid post succeeds (302; making an API key answers 201 with the key shown once; answering an
        # AVG access request answers 200 with the export as a download)
        role = next(role for role in ROLES if EXPECTED[name][4][role] in (200, 201, 302))
        client = Client()
        client.force_login(world["staff"][role])
        status = status_of(client, name, world, body={})
        if status != 422:
            wrong[name] = (role, status)
    assert wrong == {}, "(role, status) per page form posted empty"


@pytest.mark.parametrize("role", ["balie", "beheer", "privacy"])
def test_admin_is_closed_to_every_profile_role(staff, role):
    client = Client()
    client.force_login(staff[role])
    for name, _pattern in all_url_names():
        if name.startswith("admin:") and name.endswith(("_changelist", ":index")):
            response = client.get(reverse(name))
            assert response.status_code == ADMIN_STATUS, name
            assert "/beheer/login/" in response["Location"]


def test_denied_api_answers_are_problem_json(world):
    client = Client()
    client.force_login(world["staff"]["beleid"])
    response = client.get(reverse("api:inwoner-detail", kwargs=url_kwargs(world)["resident"]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Inwoner niet gevonden."
