"""Labels and IDs of the objects on the tokens ContactPoint provisions (training and tests).

The client never looks for these: it finds objects by what they are (smartcard.discovery).
They are here so that provisioning makes two layouts a real card could have:

* ContactPoint's own: "auth" (certificate and key pair) and an RSA "kmk" key pair with no
  certificate. The IDs mirror PIV's slots (9A authentication -> 01, 9D key management ->
  03), as OpenSC presents PIV cards.
* OpenSC's PIV layout, with its labels exactly: the authentication slot, the key
  management slot on EC P-256 (key agreement), and the card-authentication slot (9E -> 04),
  whose certificate must never be taken for the user's.
"""

from __future__ import annotations

AUTH_LABEL = "auth"
AUTH_ID = b"\x01"
KMK_LABEL = "kmk"
KMK_ID = b"\x03"

PIV_AUTH_ID = b"\x01"
PIV_AUTH_LABEL = "PIV AUTH key"
PIV_AUTH_PUBLIC = "PIV AUTH pubkey"
PIV_AUTH_CERTIFICATE = "Certificate for PIV Authentication"
PIV_KMK_ID = b"\x03"
PIV_KMK_LABEL = "KEY MAN key"
PIV_KMK_PUBLIC = "KEY MAN pubkey"
PIV_KMK_CERTIFICATE = "Certificate for Key Management"
PIV_CARD_AUTH_ID = b"\x04"
PIV_CARD_AUTH_LABEL = "CARD AUTH key"
PIV_CARD_AUTH_PUBLIC = "CARD AUTH pubkey"
PIV_CARD_AUTH_CERTIFICATE = "Certificate for Card Authentication"
