"""The only code that writes residents and households (STYLE.md), one module per concern, as provisions/actions/:

    residents.py   registering a resident (in a new or an existing household, asking at an occupied address)
    households.py  creating a household, moving, the household's network, involvement
    composition.py members joining and leaving (history kept), relations within and outside the household
    gezag.py       parental authority over a minor member, with history
    emergency.py   break-the-glass: emergency access to a household outside one's scope, and ending it
    merge.py       merging two records of one person
    imports.py     the bulk import of households (demo data, later: BRP extracts)
    data.py        the input shapes (ResidentData, AddressData) and their domain validation (no writes)

check_* enforce rules and capabilities, do_* write; every do_* runs in one transaction and records one ChangeLog
row per domain event. Reads are persons.queries, predicates persons.permissions. Every name callers used from the
single module stays importable from here: `actions.check_register_resident(...)`.
"""

# The model too, as the single module had it: a test replaces HouseholdMembership.objects.create to fail a write.
from ..models import HouseholdMembership
from .composition import (
    STALE_HOUSEHOLD,
    check_add_member,
    check_add_relation,
    check_end_membership,
    check_end_relation,
    check_record_relation,
    do_add_member,
)
from .data import (
    ADDRESS_FIELDS,
    RESIDENT_FIELDS,
    AddressData,
    ResidentData,
    clean_address,
    clean_resident_data,
    known_codes,
)
from .emergency import (
    check_break_the_glass,
    check_end_emergency_access,
    check_request_emergency_access,
    clean_reason,
    emergency_minutes,
)
from .gezag import Holder, check_record_gezag
from .households import (
    check_add_involvement,
    check_add_network_member,
    check_create_household,
    check_end_involvement,
    check_move_household,
    do_create_household,
    do_move_household,
)
from .imports import do_import_households
from .merge import check_merge_residents, do_merge_residents
from .residents import (
    HouseholdAtAddress,
    PossibleDuplicate,
    check_register_resident,
    check_update_resident,
    do_register_resident,
    do_update_resident,
)

__all__ = [
    "ADDRESS_FIELDS", "RESIDENT_FIELDS", "STALE_HOUSEHOLD", "AddressData", "Holder", "HouseholdAtAddress",
    "HouseholdMembership", "PossibleDuplicate", "ResidentData",
    "check_add_involvement", "check_add_member", "check_break_the_glass", "check_end_emergency_access",
    "check_request_emergency_access", "clean_reason", "emergency_minutes", "check_add_network_member", "check_add_relation",
    "check_create_household", "check_end_involvement", "check_end_membership", "check_end_relation",
    "check_merge_residents", "check_move_household", "check_record_gezag", "check_record_relation",
    "check_register_resident", "check_update_resident", "clean_address",
    "clean_resident_data", "do_add_member", "do_create_household", "do_import_households", "do_merge_residents",
    "do_move_household", "do_register_resident", "do_update_resident", "known_codes",
]
