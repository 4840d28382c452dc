"""The PKCS#11 module the policy names, its readers and the cards in them: read without a
PIN (smartcard.inventory), so the report can be made on a machine whose user cannot sign in."""

from __future__ import annotations

import datetime as dt

from desktop.diagnostics.report import Section
from desktop.policy import MachinePolicy
from smartcard import CardRules, PinState


def pin_words(state: PinState) -> str:
    flags = [
        word
        for flag, word in (
            (state.locked, "locked"),
            (state.final_try, "final try"),
            (state.count_low, "wrong PINs entered recently"),
            (state.must_change, "must be changed"),
            (state.protected_authentication_path, "PIN pad"),
        )
        if flag
    ]
    return ", ".join(flags) or "no flags set"


def _expiry(expires: dt.datetime, now: dt.datetime) -> str:
    days = (expires - now).days
    when = expires.date().isoformat()
    return f"expired {when}" if days < 0 else f"{when} (in {days} days)"


def cards_section(policy: MachinePolicy, now: dt.datetime) -> Section:
    from smartcard import TokenError, open_module
    from smartcard.inventory import take_inventory

    items: list[tuple[str, str]] = [("module", str(policy.pkcs11_module))]
    rules: CardRules | None = None
    try:
        rules = policy.card_rules()
    except Exception as exc:  # the card CAs cannot be read: the cards are still listed
        items.append(("card CAs", f"cannot be read, so no card can sign in: {exc}"))
    try:
        inventory = take_inventory(open_module(policy.pkcs11_module, rules))
    except TokenError as exc:
        return Section("Card readers and cards", (*items, ("problem", str(exc))), ok=False)
    lib = inventory.library
    items += [
        ("library", f"{lib.manufacturer}: {lib.description}, version {lib.library_version}"),
        ("PKCS#11", lib.cryptoki_version),
    ]
    ok = True
    cards = 0
    for number, reader in enumerate(inventory.readers, 1):
        items.append((f"reader {number}", reader.description))
        card = reader.card
        if card is None:
            items.append(("  card", "none"))
            continue
        cards += 1
        items += [
            ("  card", f"{card.label} (serial {card.serial}, {card.manufacturer} {card.model})"),
            ("  PIN", pin_words(card.pin_state)),
        ]
        if card.certificate_subject is None or card.certificate_expires is None:
            items.append(("  certificate", "no authentication certificate found"))
            ok = False
            continue
        items += [
            ("  certificate", card.certificate_subject),
            ("  expires", _expiry(card.certificate_expires, now)),
        ]
        ok = ok and card.certificate_expires > now and not card.pin_state.locked
    items.append(("cards present", str(cards)))
    return Section(
        "Card readers and cards", tuple(items), ok=ok and cards > 0 and rules is not None
    )
