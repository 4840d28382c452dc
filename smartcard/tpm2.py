"""A software TPM with tpm2-pkcs11 on it, in one directory: for training and tests only.

    with tpm2.running(directory) as stack:       # swtpm + tpm2-abrmd on a private D-Bus
        os.environ.update(stack.variables())     # before the library is first loaded
        tpm2.init_token(stack, "alice", so_pin, user_pin)
        module = open_module(stack.module)

`running` starts three processes and stops all of them when the block ends, whatever
happens inside it (and stops those already started if a later one fails to start):

    dbus-daemon   a private session bus (DIR/dbus.conf, its socket in DIR/bus); never the
                  machine's bus, so nothing else on the machine sees this TPM
    swtpm         the TPM 2.0 simulator, its state in DIR/tpm, on a free loopback port N
                  (commands) and N+1 (control: the swtpm TCTI always uses the next port)
    tpm2-abrmd    the access broker, on the private bus, talking to swtpm

Why the broker: swtpm serves one connection at a time, and tpm2-pkcs11 keeps its TCTI
open from C_Initialize to C_Finalize. Without tpm2-abrmd the process that has loaded the
library would shut out tpm2_ptool, tpm2_dictionarylockout and every other process (a
provisioning child, a second client). With it, all of them share the TPM, as they do on
a real machine, where tpm2-abrmd (or the kernel's /dev/tpmrm0) is the broker.

Readiness is signalled, never waited for by the clock: dbus-daemon prints its address
once it listens; swtpm answers on its control channel (a socket we bound and handed it)
once its command socket listens; `gdbus wait` returns once tpm2-abrmd owns its bus name.
All three are children of this process, started through `setpriv --pdeathsig`, so they
die with it even if it is killed before it can stop them.

Every process that uses the TPM needs `TpmStack.variables()` in its environment:
DBUS_SESSION_BUS_ADDRESS, TPM2_PKCS11_TCTI and TPM2TOOLS_TCTI (the broker on that bus),
TPM2_PKCS11_STORE (the token database, DIR/store), and TSS2_LOG / TPM2_PKCS11_LOG_LEVEL,
which keep the TSS and the library from writing to stderr on every wrong PIN.

What tpm2-pkcs11 1.9.0 (Debian 12) on swtpm 0.7.1 does, measured here; tests/smartcard/
test_tpm2.py checks each point but the last:

- **Serial**: every token reports serialNumber '0000000000000000', manufacturer 'IBM',
  model 'SW   TPM' (the TPM's, not the token's). Serials cannot tell these tokens apart.
- **An extra slot**: the library always offers one more slot holding an uninitialised
  token (label '', flags without CKF_TOKEN_INITIALIZED), as SoftHSM does. Slots are not
  CKF_REMOVABLE_DEVICE.
- **Tokens are read once**: the library reads its list of tokens at C_Initialize; a token
  added afterwards (by tpm2_ptool) is not seen by that process until it reloads.
- **Mechanisms** (initialised token; C_GetMechanismInfo flags in brackets):
  RSA_PKCS_OAEP [ENCRYPT, DECRYPT: no WRAP/UNWRAP], RSA_PKCS and RSA_X_509 [ENCRYPT,
  DECRYPT, SIGN, VERIFY], RSA_PKCS_PSS and SHA1/SHA256/SHA384/SHA512_RSA_PKCS(_PSS) [SIGN,
  VERIFY], RSA key sizes 1024-3072; ECDSA and ECDSA_SHA1/SHA256/SHA384/SHA512 [SIGN,
  VERIFY, and none of the CKF_EC_* curve flags], sizes reported as 192-638; SHA digests
  and HMACs; AES ECB/CBC/CBC_PAD/CTR/CFB128. **No CKM_ECDH1_DERIVE** (C_DeriveKey is
  CKR_FUNCTION_NOT_SUPPORTED), so an EC key cannot be this token's key-management key:
  RSA-OAEP it is. OAEP works with SHA-1 (MGF1-SHA1) and with SHA-256 (MGF1-SHA256).
  ECDSA signs a software prehash (raw r||s, 64 bytes) and ECDSA_SHA256 the message. PSS
  works with SHA-256, MGF1-SHA256, salt 32. The uninitialised slot's list omits PSS (the
  library tests the TPM's PSS when a token is made).
- **Key templates**: every TPM key is made able to sign and to decrypt, and a template
  that says otherwise (CKA_SIGN, CKA_VERIFY, CKA_DECRYPT or CKA_ENCRYPT false, which
  python-pkcs11 writes for every capability not asked for, and so the SoftHSM templates of
  `smartcard.provision_worker`) is refused with CKR_GENERAL_ERROR, logged as "User
  specified and TPM specified attr mismatch". Templates that only ever say true are
  accepted (`smartcard.tpm2_provision_worker`); the keys then report CKA_SIGN and
  CKA_DECRYPT true whatever was asked, the public objects too. CKA_ID and CKA_LABEL are
  kept as given; certificates made with C_CreateObject are public (readable before login).
- **PIN lockout** is the TPM's dictionary-attack lockout: 3 wrong PINs (maxAuthFail 3 on
  a new swtpm) **counted across every token on the TPM**, after which C_Login is
  CKR_PIN_LOCKED for every token, with the right PIN too; one failure is forgiven every
  1000 s (lockoutInterval), or the lockout hierarchy clears it (`reset_lockout`). The token
  flags never change (0x40D: RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED):
  no CKF_USER_PIN_COUNT_LOW, FINAL_TRY or LOCKED, ever. So the flags cannot warn before
  the attempt that locks, and a token locked by another token's wrong PINs looks exactly
  like one that was never given a wrong PIN.
- **Two libraries in one process**: python-pkcs11 0.10.1 loads tpm2-pkcs11 and SoftHSM in
  the same process, in either order, and both work (each `pkcs11.lib` is its own object).
  SoftHSM still reads SOFTHSM2_CONF once, and tpm2-pkcs11 reads its variables once, at
  their C_Initialize: a child process is needed only for a second configuration.
- **Speed** (this 2-core machine): the stack starts in about 0.05 s and stops at once; a
  token with both key pairs and certificates takes 2-3 s, most of it tpm2_ptool (a Python
  program that runs tpm2-tools) making the token.

PINs given to `init_token` go on tpm2_ptool's command line (it has no other way), so they
are visible to other local users in the process list for a moment: as with softhsm2-util,
acceptable for training PINs only.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smartcard.errors import ModuleMissing, ProvisioningFailed

# Where Debian/Ubuntu (multiarch) and Fedora put the module; TPM2_PKCS11_MODULE overrides.
MODULE_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so",
    "/usr/lib/aarch64-linux-gnu/pkcs11/libtpm2_pkcs11.so",
    "/usr/lib64/pkcs11/libtpm2_pkcs11.so",
    "/usr/lib/pkcs11/libtpm2_pkcs11.so",
)
# Each program and the Debian package that brings it (the Makefile installs them).
TOOLS = {
    "swtpm": "swtpm",
    "tpm2-abrmd": "tpm2-abrmd",
    "dbus-daemon": "dbus-daemon",
    "gdbus": "libglib2.0-bin",
    "tpm2_ptool": "libtpm2-pkcs11-tools",
    "tpm2_dictionarylockout": "tpm2-tools",
    "setpriv": "util-linux",
}
BUS_NAME = "com.intel.tss2.Tabrmd"  # tpm2-abrmd's default; the bus is ours alone
_TCTI = "tabrmd:bus_type=session"
_START_TIMEOUT = 30.0  # seconds; each step takes well under one
_STOP_TIMEOUT = 10.0
_CMD_GET_CAPABILITY = (1).to_bytes(4, "big")  # swtpm's control protocol (swtpm_ioctl)
_PORT_ATTEMPTS = 5  # another process may take the port between our probe and swtpm's bind
_SUN_PATH_MAX = 107  # sockaddr_un.sun_path holds 108 bytes with the final NUL
_BUS_SOCKET_NAME = len("/dbus-0123456789")  # what dbus-daemon adds to unix:dir=

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class TpmStackFailed(ProvisioningFailed):
    """The software TPM, its broker or its bus could not be started (training and tests)."""


def find_module() -> Path:
    """The tpm2-pkcs11 PKCS#11 module; TPM2_PKCS11_MODULE overrides the usual places."""
    override = os.environ.get("TPM2_PKCS11_MODULE")
    for candidate in (override,) if override else MODULE_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise ModuleMissing("The tpm2-pkcs11 PKCS#11 module is not installed (libtpm2-pkcs11-1).")


def missing_tools() -> list[str]:
    """Each program the stack needs that is not on PATH, with its Debian package."""
    return [f"{tool} ({package})" for tool, package in TOOLS.items() if not shutil.which(tool)]


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ModuleMissing(f"{name} is not installed (package {TOOLS[name]}).")
    return path


@dataclass(frozen=True)
class TpmStack:
    """A running software TPM: where its state lives and how to reach it."""

    directory: Path
    module: Path
    bus_address: str
    swtpm_port: int
    pids: tuple[int, ...]  # dbus-daemon, swtpm, tpm2-abrmd: all gone once `running` ends

    @property
    def store(self) -> Path:
        """TPM2_PKCS11_STORE: the tpm2-pkcs11 database of tokens and wrapped keys."""
        return self.directory / "store"

    def variables(self) -> dict[str, str]:
        """The variables a process needs to use this TPM (set before loading the library)."""
        return {
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "TPM2_PKCS11_TCTI": _TCTI,
            "TPM2TOOLS_TCTI": _TCTI,
            "TPM2_PKCS11_STORE": str(self.store),
            "TSS2_LOG": "all+none",
            "TPM2_PKCS11_LOG_LEVEL": "0",
        }

    def environment(self) -> dict[str, str]:
        """This process's environment plus `variables()`, for a child process."""
        return {**os.environ, **self.variables()}


def _run_tool(stack: TpmStack, command: list[str], what: str) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed tools, arguments are not shell-parsed
            [_program(command[0]), *command[1:]],
            env=stack.environment(),
            capture_output=True,
            text=True,
            timeout=_START_TIMEOUT * 4,  # an RSA primary key can take a while on the TPM
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProvisioningFailed(f"{what} did not finish in time.") from exc
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise ProvisioningFailed(
            f"{what} failed: " + (lines[-1] if lines else f"exit status {result.returncode}")
        )
    return result.stdout


def init_token(stack: TpmStack, label: str, so_pin: str, user_pin: str) -> None:
    """Create an initialised token `label` in the stack's store with tpm2_ptool.

    The store and its primary key (persistent in the TPM) are made on first use; every
    token shares that primary. Python-pkcs11 has no C_InitToken, hence the tool.
    """
    if not (stack.store / "tpm2_pkcs11.sqlite3").exists():
        stack.store.mkdir(mode=0o700, exist_ok=True)
        _run_tool(stack, ["tpm2_ptool", "init", f"--path={stack.store}"], "tpm2_ptool init")
    primaries = _run_tool(
        stack, ["tpm2_ptool", "listprimaries", f"--path={stack.store}"], "tpm2_ptool"
    )
    # listprimaries prints YAML, a list of maps each with "id: N"; the first will do.
    ids = re.findall(r"^[\s-]*id: (\d+)$", primaries, re.MULTILINE)
    if not ids:
        raise ProvisioningFailed("The tpm2-pkcs11 store has no primary key.")
    # fmt: off
    command = ["tpm2_ptool", "addtoken", f"--pid={ids[0]}", f"--label={label}",
               f"--sopin={so_pin}", f"--userpin={user_pin}", f"--path={stack.store}"]
    # fmt: on
    _run_tool(stack, command, f"tpm2_ptool addtoken {label!r}")


def reset_lockout(stack: TpmStack) -> None:
    """Clear the TPM's dictionary-attack counter (the lockout hierarchy has no password here).

    Every wrong PIN on any token of this TPM counts towards one shared lockout; tests that
    give wrong PINs call this afterwards so that later tests can still log in.
    """
    _run_tool(stack, ["tpm2_dictionarylockout", "--clear-lockout"], "tpm2_dictionarylockout")


def _free_port_pair() -> tuple[int, socket.socket]:
    """A free port N and a listening socket already bound to N+1 (swtpm's control port).

    N itself must be closed again for swtpm to bind it (swtpm takes only the control
    channel as a listening socket); `running` retries if another process takes it first.
    """
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        control = socket.socket()
        try:
            control.bind(("127.0.0.1", port + 1))
        except OSError:
            control.close()
            continue
        control.listen(4)
        return port, control
    raise TpmStackFailed("No two consecutive free loopback ports for swtpm.")


def _orphan_proof() -> list[str]:
    """The prefix that makes a child die with the thread that started it.

    setpriv execs the program in place (same pid) with PR_SET_PDEATHSIG set, so that a
    test run killed before its finalisers run leaves no TPM, broker or bus behind. (The
    signal follows the starting *thread*: start the stack on a thread that outlives it.)
    """
    return [_program("setpriv"), "--pdeathsig", "TERM", "--"]


def _stop_child(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _log(directory: Path, name: str) -> int:
    return os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return f" ({lines[-1].strip()})" if lines else ""


# Buses left to die with this process (see `running`): held so that their Popen objects are
# not collected, and warned about, while the bus still runs.
_OUTLIVING: list[subprocess.Popen[bytes]] = []


def _start_bus(
    directory: Path, stops: contextlib.ExitStack, *, stop_at_end: bool
) -> tuple[str, int]:
    socket_dir = directory / "bus"
    if len(str(socket_dir)) + _BUS_SOCKET_NAME > _SUN_PATH_MAX:
        raise TpmStackFailed(f"The directory {directory} is too long a path for a D-Bus socket.")
    socket_dir.mkdir(mode=0o700, exist_ok=True)
    config = directory / "dbus.conf"
    config.write_text(_BUS_CONFIG.format(socket_dir=socket_dir), encoding="utf-8")
    log = _log(directory, "dbus.log")
    try:
        bus = subprocess.Popen(  # noqa: S603 - fixed program, no shell
            [
                *_orphan_proof(),
                _program("dbus-daemon"),
                "--nofork",
                f"--config-file={config}",
                "--print-address=1",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    finally:
        os.close(log)
    if stop_at_end:
        stops.callback(_stop_child, bus)
    else:
        _OUTLIVING.append(bus)
    assert bus.stdout is not None
    # The address is printed once the bus listens; EOF means it died first.
    readable, _, _ = select.select([bus.stdout], [], [], _START_TIMEOUT)
    address = bus.stdout.readline().decode().strip() if readable else ""
    bus.stdout.close()
    if not address:
        raise TpmStackFailed("dbus-daemon did not start" + _tail(directory / "dbus.log"))
    return address, bus.pid


def _swtpm_answers(control_port: int) -> bool:
    """Ask swtpm's control channel for its capabilities and wait for the answer.

    swtpm reads the control channel only from its main loop, which it enters once the
    command socket listens: an answer means it is ready. If it exits first (its port was
    taken), the queued connection is closed and there is no answer.
    """
    try:
        with socket.create_connection(("127.0.0.1", control_port), _START_TIMEOUT) as channel:
            channel.sendall(_CMD_GET_CAPABILITY)
            answer = channel.recv(8)
    except OSError:
        return False
    return len(answer) == 8 and answer[:4] == bytes(4)  # TPM_SUCCESS, then the capabilities


def _start_swtpm(directory: Path, stops: contextlib.ExitStack) -> tuple[int, int]:
    state = directory / "tpm"
    state.mkdir(mode=0o700, exist_ok=True)
    for _ in range(_PORT_ATTEMPTS):
        port, control = _free_port_pair()
        with control:
            # fmt: off
            command = [
                *_orphan_proof(), _program("swtpm"), "socket", "--tpm2",
                "--tpmstate", f"dir={state}",
                "--server", f"type=tcp,port={port}",
                "--ctrl", f"type=tcp,fd={control.fileno()}",
                "--flags", "not-need-init,startup-clear",
                "--log", f"file={directory / 'swtpm.log'}",
            ]
            # fmt: on
            swtpm = subprocess.Popen(  # noqa: S603 - fixed program, no shell
                command,
                pass_fds=(control.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        if _swtpm_answers(port + 1):
            stops.callback(_stop_child, swtpm)
            return port, swtpm.pid
        _stop_child(swtpm)
    raise TpmStackFailed("swtpm did not start" + _tail(directory / "swtpm.log"))


def _start_broker(directory: Path, address: str, port: int, stops: contextlib.ExitStack) -> int:
    # fmt: off
    command = [*_orphan_proof(), _program("tpm2-abrmd"), "--session", "--logger=stdout",
               f"--tcti=swtpm:host=127.0.0.1,port={port}"]
    # fmt: on
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI often run tests as root
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    log = _log(directory, "tpm2-abrmd.log")
    try:
        broker = subprocess.Popen(  # noqa: S603 - fixed program, no shell
            command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    finally:
        os.close(log)
    stops.callback(_stop_child, broker)
    wait = [_program("gdbus"), "wait", f"--address={address}", f"--timeout={_START_TIMEOUT:.0f}"]
    waited = subprocess.run(  # noqa: S603 - fixed program, no shell
        [*wait, BUS_NAME],
        env=env,
        capture_output=True,
        check=False,
    )
    if waited.returncode != 0 or broker.poll() is not None:
        raise TpmStackFailed("tpm2-abrmd did not start" + _tail(directory / "tpm2-abrmd.log"))
    return broker.pid


@contextlib.contextmanager
def running(
    directory: Path, module: Path | None = None, *, bus_outlives_block: bool = False
) -> Iterator[TpmStack]:
    """A software TPM with its broker on a private bus, state in `directory`, for the block.

    Raises `ModuleMissing` naming what is not installed, `TpmStackFailed` if a process
    does not start. Every process started is stopped when the block ends, except the bus
    when `bus_outlives_block` is set: a process that has loaded tpm2-pkcs11 holds a GDBus
    connection to that bus through the tabrmd TCTI, and GDBus's exit-on-close answers the
    bus going away by raising SIGTERM in that process (it killed whole test runs at their
    very end). Such a process leaves the bus to die with it (`setpriv --pdeathsig`).
    """
    missing = missing_tools()
    if missing:
        raise ModuleMissing("Not installed: " + ", ".join(missing) + ".")
    module = module or find_module()
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.ExitStack() as stops:
        # Stopped in reverse: the broker, then swtpm, then the bus.
        address, bus_pid = _start_bus(directory, stops, stop_at_end=not bus_outlives_block)
        port, swtpm_pid = _start_swtpm(directory, stops)
        broker_pid = _start_broker(directory, address, port, stops)
        yield TpmStack(
            directory=directory,
            module=module,
            bus_address=address,
            swtpm_port=port,
            pids=(bus_pid, swtpm_pid, broker_pid),
        )
