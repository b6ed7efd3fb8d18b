"""One answer to "who may do X": capabilities are named constants (toegang.accounts.capabilities), never string
literals in code or templates, and every capability a profile grants is registered (issue 10)."""

import re
from pathlib import Path

from toegang.accounts import capabilities

SRC = Path(__file__).resolve().parent.parent / "src" / "toegang"
PROFILES = Path(__file__).resolve().parent.parent / "profiles"
# anything shaped like a capability: <area>.<verb>, quoted
SHAPE = re.compile(r"""(["'])((?:persons|intake|cases|audit|finance|config|provisions|plans|tasks)\.[a-z_]+)\1""")


def _literals(path: Path) -> list[str]:
    text = path.read_text()
    return [m.group(2) for m in SHAPE.finditer(text) if m.group(2).split(".")[1] in _VERBS]


_VERBS = {name.split(".")[1] for name in capabilities.CAPABILITIES}


def test_no_capability_literal_outside_the_capabilities_module():
    files = [p for p in SRC.rglob("*") if p.suffix in {".py", ".html"} and "migrations" not in p.parts
             and p != SRC / "accounts" / "capabilities.py"]
    found = {str(p.relative_to(SRC)): hits for p in files if (hits := _literals(p))}
    assert found == {}, f"use the constants of toegang.accounts.capabilities instead: {found}"


def test_every_constant_is_registered_with_a_description_and_every_profile_capability_exists():
    constants = {v for k, v in vars(capabilities).items() if k.isupper() and isinstance(v, str)}
    assert constants == set(capabilities.CAPABILITIES)
    assert all(description.strip() for description in capabilities.CAPABILITIES.values())
    granted = set()
    for profile in PROFILES.glob("*.yaml"):
        for block in re.findall(r"bevoegdheden: \[([^\]]*)\]", profile.read_text()):
            granted |= {item.strip() for item in block.split(",") if item.strip()}
    assert granted and granted <= set(capabilities.CAPABILITIES), granted - set(capabilities.CAPABILITIES)
