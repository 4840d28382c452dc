"""The training launcher's one error hierarchy.

TrainingError            anything that stops `contactpoint training ...`; str() is for people
├── HomeExists           prepare would overwrite a home and --force was not given
├── HomeInRepository     the home is inside this source tree, where keys could be committed
├── NotAHome             serve was pointed at a directory prepare never finished
└── ScenarioMissing      the population has no child for a scenario (populate more)
"""

from __future__ import annotations

from desktop.errors import DesktopError


class TrainingError(DesktopError):
    """A training home cannot be prepared or served; the message says what to do."""


class HomeExists(TrainingError):
    pass


class HomeInRepository(TrainingError):
    pass


class NotAHome(TrainingError):
    pass


class ScenarioMissing(TrainingError):
    def __init__(self, scenario: str, children: int) -> None:
        super().__init__(
            f"The population of {children} children has no child for the {scenario!r} "
            "training scenario: prepare again with more children (e.g. --children "
            f"{max(2 * children, 2000)}) or another --seed."
        )
        self.scenario = scenario
