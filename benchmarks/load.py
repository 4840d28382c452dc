"""Load a synthetic population in a process of its own, so peak RSS is the load's alone.

python -m benchmarks.load URL CHILDREN SEED  ->  one JSON line on stdout
"""

from __future__ import annotations

import json
import resource
import sys

from directory.database import connect, migrate
from directory.population import populate


def main(url: str, children: int, seed: int) -> None:
    engine = connect(url)
    migrate(engine)
    report = populate(engine, children=children, seed=seed)
    engine.dispose()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": report.seconds,
                "children": report.children,
                "peak_rss_mib": round(peak_kib / 1024, 1),
                "summary": report.summary(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
