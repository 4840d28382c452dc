"""A PIV-layout card made with OpenSC's and OpenSSL's own command-line tools, as an
administrator or a card vendor would make one, and not with the project's provisioning.

    made = make_opensc_card(home, ca, "PIV_II (opensc)", pin="135790")

On a SoftHSM token, `pkcs11-tool` generates four EC P-256 key pairs on the token and
writes four certificates issued with `openssl x509` (extensions spelled as OpenSSL takes
them, not as smartcard.ca writes them), with OpenSC's PIV labels and IDs:

    01  PIV authentication   digitalSignature; clientAuth and Microsoft smartcardLogon
    02  digital signature    digitalSignature, nonRepudiation; emailProtection
    03  key management       keyAgreement (EC key management by ECDH)
    04  card authentication  digitalSignature; id-PIV-cardAuth

The public key objects are then deleted, as many cards expose only the certificates, so
the client must go from certificate to private key by CKA_ID alone.
"""

from __future__ import annotations

import subprocess

from cryptography import x509

from smartcard import ProvisionedToken, SoftHSMHome, TrainingCA
from smartcard.ca import CA_KEY_FILE
from smartcard.provisioning import random_pin, recorded

ID_PIV_CARD_AUTH = "2.16.840.1.101.3.6.8"
MS_SMARTCARD_LOGON = "1.3.6.1.4.1.311.20.2.2"
SLOTS = (
    ("01", "PIV AUTH key", "Certificate for PIV Authentication",
     f"keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth,{MS_SMARTCARD_LOGON}\n"),
    ("02", "SIGN key", "Certificate for Digital Signature",
     "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n"),
    ("03", "KEY MAN key", "Certificate for Key Management", "keyUsage=critical,keyAgreement\n"),
    ("04", "CARD AUTH key", "Certificate for Card Authentication",
     f"keyUsage=critical,digitalSignature\nextendedKeyUsage={ID_PIV_CARD_AUTH}\n"),
)  # fmt: skip


def _run(home: SoftHSMHome, *command: str) -> None:
    subprocess.run(  # noqa: S603 - fixed tools, no shell
        command, env=home.environment(), check=True, capture_output=True, timeout=60
    )


def make_opensc_card(
    home: SoftHSMHome, ca: TrainingCA, label: str, *, holder: str, organisation: str
) -> ProvisionedToken:
    pin, so_pin = random_pin(), random_pin(8)
    work = home.directory / "opensc" / label.replace(" ", "_")
    work.mkdir(parents=True)
    _run(home, "softhsm2-util", "--init-token", "--free", "--label", label,
         "--pin", pin, "--so-pin", so_pin)  # fmt: skip
    tool = ("pkcs11-tool", "--module", str(home.module), "--token-label", label)
    logged_in = (*tool, "--login", "--pin", pin)
    for index, (object_id, key_label, certificate_label, extensions) in enumerate(SLOTS):
        public = work / f"{object_id}.pub.der"
        _run(home, *logged_in, "--keypairgen", "--key-type", "EC:prime256v1",
             "--id", object_id, "--label", key_label, "--usage-derive")  # fmt: skip
        _run(home, *tool, "--read-object", "--type", "pubkey", "--id", object_id,
             "-o", str(public))  # fmt: skip
        (work / f"{object_id}.cnf").write_text(extensions, encoding="ascii")
        certificate = work / f"{object_id}.crt.der"
        _run(home, "openssl", "x509", "-new", "-force_pubkey", str(public), "-keyform", "DER",
             "-subj", f"/CN={holder}/O={organisation}", "-CA", str(ca.certificate_path),
             "-CAkey", str(ca.directory / CA_KEY_FILE), "-days", "30",
             "-set_serial", str(4000 + index), "-extfile", str(work / f"{object_id}.cnf"),
             "-outform", "DER", "-out", str(certificate))  # fmt: skip
        _run(home, *logged_in, "--write-object", str(certificate), "--type", "cert",
             "--id", object_id, "--label", certificate_label)  # fmt: skip
        _run(home, *logged_in, "--delete-object", "--type", "pubkey", "--id", object_id)
    authentication = x509.load_der_x509_certificate((work / "01.crt.der").read_bytes())
    return recorded(home.directory, label, authentication, pin, so_pin, auth_key="ec-p256")
