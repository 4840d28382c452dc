"""Training homes for tests: SoftHSM or a clear skip (a failure with CI=true), and the size.

TEST_CHILDREN: the deceased scenario is the rarest (0.1% of children), and which children
the default seed yields shifts with the day the population is made for. Measured with the
default seed: 2,000 children missed a deceased child on 7 of 60 days, 3,000 on 2 of 120,
4,000 on none of 120, and 8,000 on none of 150 days spread over ten months (about eight
deceased expected, so a miss on roughly one day in 3,000). 8,000 is also what the command
defaults to, and costs about a second more than 4,000 here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.training import DEFAULT_CHILDREN
from smartcard import ModuleMissing, find_module
from tests.conftest import IN_CI

TEST_CHILDREN = DEFAULT_CHILDREN


def require_softhsm() -> Path:
    """The SoftHSM module path; without SoftHSM skip here, fail with CI=true."""
    try:
        module = find_module()
    except ModuleMissing as exc:
        reason = str(exc)
    else:
        if shutil.which("softhsm2-util"):
            return module
        reason = "softhsm2-util is not on PATH"
    if IN_CI:
        pytest.fail(f"SoftHSM2 is required in CI and is not usable: {reason}", pytrace=False)
    pytest.skip(f"SoftHSM2 not available: {reason}")
