# The two commands of the README: `make demo` and `make test`. Everything they need is
# installed from here, so that a clean clone on a fresh Debian machine works as root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the project needs; installed only when missing (apt-get is slow).
# Beside the token tools, the shared libraries Qt's wheels load even offscreen, and those
# its xcb platform plugin needs to open a window on an X11 desktop (since Qt 6.5 it will
# not start without libxcb-cursor0). The second token implementation the tests use is
# tpm2-pkcs11 on a software TPM (smartcard/tpm2.py): swtpm, the tpm2-abrmd broker on a
# private D-Bus (dbus-daemon, and gdbus from libglib2.0-bin to wait for it), the TCTIs
# they talk through, tpm2_ptool and tpm2_dictionarylockout. OpenSC's pkcs11-tool and
# openssl make one test card independently of the project's own provisioning. `make
# bundle` needs objdump (binutils: PyInstaller reads the libraries' dependencies with it)
# and dpkg-deb (in dpkg itself).
DEBIAN_PACKAGES := softhsm2 opensc openssl libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
	libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 xvfb \
	swtpm tpm2-abrmd libtpm2-pkcs11-1 libtpm2-pkcs11-tools tpm2-tools libtss2-tcti-swtpm0 \
	libtss2-tcti-tabrmd0 dbus-daemon libglib2.0-bin binutils

STAMP := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.bundle-installed
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DEB := dist/contactpoint_$(VERSION)_amd64.deb
# Everything the bundle is made of: rebuilt when one of them changes, else `make bundle`
# is a no-op (the bundle test runs it too, so that it never checks a stale bundle).
BUNDLE_SOURCES := pyproject.toml $(shell find contract devices desktop sync smartcard ui \
	resources installer -type f -not -path '*/__pycache__/*')

.PHONY: test bench demo lint typecheck pytest debian clean bundle

# The bundle is built once, before pytest: tests/installer checks that very build.
test: $(STAMP) lint typecheck bundle pytest

debian:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml | debian
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

# dist/contactpoint/ (PyInstaller onedir) and dist/contactpoint_<version>_amd64.deb.
bundle: $(DEB)

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

$(DEB): $(BUNDLE_STAMP) $(BUNDLE_SOURCES)
	$(BIN)/python -m installer

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Prepares the training home on first use (in the user data folder), serves it and opens
# the client on it; the users and their PINs are printed first.
demo: $(STAMP)
	$(BIN)/contactpoint demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
