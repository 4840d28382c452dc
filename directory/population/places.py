"""Local authorities, their towns and postcodes, and the organisations that serve children.

The authorities are real, with their real ONS GSS codes and postcode areas, so that the
directory looks familiar to a practitioner in training; every telephone number and e-mail
address is fictional (directory.population.contacts). Schools, GP practices and services
are invented but named the way such places are named.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from directory.population.contacts import DramaRange
from directory.population.names import Weighted

# Letters Royal Mail uses in the last two characters of a postcode.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    districts: tuple[int, ...]  # outward-code numbers within the authority's area


@dataclass(frozen=True, slots=True)
class Authority:
    code: str  # ONS GSS code
    name: str
    postcode_area: str
    phones: DramaRange
    towns: tuple[Town, ...]
    weight: float  # relative number of children
    slug: str

    @property
    def domain(self) -> str:
        return f"{self.slug}.example.org"


def _la(
    code: str,
    name: str,
    area: str,
    phones: DramaRange,
    weight: float,
    towns: list[tuple[str, range | tuple[int, ...]]],
) -> Authority:
    slug = name.lower().replace(" upon ", "-").replace(" ", "-")
    return Authority(
        code, name, area, phones, tuple(Town(t, tuple(d)) for t, d in towns), weight, slug
    )


_D = DramaRange
AUTHORITIES: tuple[Authority, ...] = (
    _la("E08000025", "Birmingham", "B", _D.BIRMINGHAM, 290, [("Birmingham", range(1, 39))]),
    _la("E08000035", "Leeds", "LS", _D.LEEDS, 180, [("Leeds", (*range(1, 18), 25, 26, 27, 28))]),
    _la("E08000003", "Manchester", "M", _D.MANCHESTER, 130, [("Manchester", (*range(1, 24), 40))]),
    _la(
        "E10000016",
        "Kent",
        "ME",
        _D.NO_AREA,
        350,
        [
            ("Maidstone", (14, 15, 16, 17)),
            ("Sittingbourne", (9, 10)),
            ("Faversham", (13,)),
            ("Sheerness", (12,)),
            ("West Malling", (18, 19, 20)),
        ],
    ),
    _la(
        "E06000052",
        "Cornwall",
        "TR",
        _D.NO_AREA,
        110,
        [
            ("Truro", (1, 2, 3, 4)),
            ("Newquay", (7, 8)),
            ("Falmouth", (11,)),
            ("Helston", (13,)),
            ("Camborne", (14,)),
            ("Redruth", (15, 16)),
            ("Penzance", (18, 20)),
            ("St Ives", (26,)),
        ],
    ),
    _la("E06000023", "Bristol", "BS", _D.BRISTOL, 95, [("Bristol", range(1, 17))]),
    _la("E09000007", "Camden", "NW", _D.LONDON, 45, [("London", (1, 3, 5, 6))]),
    _la("E09000030", "Tower Hamlets", "E", _D.LONDON, 70, [("London", (1, 2, 3, 14))]),
    _la("E09000012", "Hackney", "E", _D.LONDON, 60, [("London", (5, 8, 9))]),
    _la("E09000028", "Southwark", "SE", _D.LONDON, 60, [("London", (1, 5, 15, 16, 17, 22))]),
    _la(
        "E08000032",
        "Bradford",
        "BD",
        _D.NO_AREA,
        140,
        [("Bradford", range(1, 16)), ("Keighley", (20, 21, 22)), ("Bingley", (16,))],
    ),
    _la("E06000016", "Leicester", "LE", _D.LEICESTER, 85, [("Leicester", range(1, 6))]),
    _la(
        "E08000021",
        "Newcastle upon Tyne",
        "NE",
        _D.TYNESIDE,
        65,
        [("Newcastle upon Tyne", (*range(1, 8), 12, 13, 15))],
    ),
    _la("E08000012", "Liverpool", "L", _D.LIVERPOOL, 100, [("Liverpool", range(1, 28))]),
    _la(
        "E08000019",
        "Sheffield",
        "S",
        _D.SHEFFIELD,
        120,
        [("Sheffield", (*range(1, 15), 17, 20, 35))],
    ),
    _la(
        "E10000020",
        "Norfolk",
        "NR",
        _D.NO_AREA,
        170,
        [
            ("Norwich", range(1, 9)),
            ("Wymondham", (18,)),
            ("Dereham", (19, 20)),
            ("Cromer", (27,)),
            ("Great Yarmouth", (29, 30, 31)),
        ],
    ),
    _la("E06000018", "Nottingham", "NG", _D.NOTTINGHAM, 70, [("Nottingham", range(1, 12))]),
    _la("E06000038", "Reading", "RG", _D.READING, 40, [("Reading", (1, 2, 4, 6, 30, 31))]),
    _la(
        "E10000017",
        "Lancashire",
        "PR",
        _D.NO_AREA,
        250,
        [("Preston", (1, 2, 4, 5)), ("Chorley", (6, 7)), ("Leyland", (25, 26))],
    ),
    _la(
        "E10000008",
        "Devon",
        "EX",
        _D.NO_AREA,
        150,
        [
            ("Exeter", range(1, 7)),
            ("Exmouth", (8,)),
            ("Tiverton", (16,)),
            ("Barnstaple", (31, 32)),
            ("Bideford", (39,)),
        ],
    ),
    _la(
        "E10000012",
        "Essex",
        "CM",
        _D.NO_AREA,
        320,
        [
            ("Chelmsford", (1, 2, 3)),
            ("Braintree", (7,)),
            ("Witham", (8,)),
            ("Maldon", (9,)),
            ("Brentwood", (13, 14, 15)),
            ("Harlow", (17, 18, 19, 20)),
        ],
    ),
    _la(
        "E08000034",
        "Kirklees",
        "HD",
        _D.NO_AREA,
        95,
        [("Huddersfield", (1, 2, 3, 4, 5, 7, 8)), ("Holmfirth", (9,))],
    ),
)
AUTHORITY_WEIGHTS = Weighted.of([(a.code, a.weight) for a in AUTHORITIES])
BY_CODE = {a.code: a for a in AUTHORITIES}

_STREET_STEMS = (
    "Church", "Mill", "Station", "Victoria", "Park", "High", "Queen", "King", "Green",
    "Manor", "Chapel", "Albert", "Windsor", "Elm", "Oak", "Beech", "Ash", "Willow",
    "Meadow", "Orchard", "Grange", "Springfield", "Highfield", "Brook", "Holly", "Cedar",
    "St Mary's", "St John's", "Prince's", "Moor", "Westfield", "Hawthorn", "Rowan",
    "Cross", "North", "South", "Marlborough", "Nelson", "Wellington", "Gladstone",
    "Cromwell", "Lime", "Sycamore", "Hazel", "Primrose", "Bluebell", "Kingsway", "Croft",
)  # fmt: skip
_STREET_KINDS = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Grove", "Crescent", "Way",
    "Terrace", "Gardens", "Place", "Court", "View", "Rise", "Walk",
)  # fmt: skip
_FLAT_SHARE = 0.18


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    line2: str | None
    town: str
    postcode: str


def address(rng: random.Random, la: Authority) -> Address:
    town = rng.choice(la.towns)
    district = rng.choice(town.districts)
    inward = f"{rng.randrange(10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    street = f"{rng.choice(_STREET_STEMS)} {rng.choice(_STREET_KINDS)}"
    line1 = f"{rng.randrange(1, 240)} {street}"
    line2 = None
    if rng.random() < _FLAT_SHARE:
        line2, line1 = line1, f"Flat {rng.randrange(1, 40)}"
    return Address(line1, line2, town.name, f"{la.postcode_area}{district} {inward}")


# Organisations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Service:
    """A kind of service that becomes involved with children, and who it sends."""

    key: str
    name: str
    roles: tuple[str, ...]
    min_age: int
    max_age: int
    sensitive_category: str | None = None
    named_practitioner: float = 0.9  # share of involvements that name a person


SERVICES: tuple[Service, ...] = (
    Service("health_visiting", "Health Visiting Service", ("Health visitor",), 0, 4),
    Service("school_nursing", "School Nursing Service", ("School nurse",), 5, 18),
    Service(
        "social_care",
        "Children's Social Care",
        ("Social worker", "Senior social worker", "Family support worker"),
        0,
        18,
    ),
    Service("early_help", "Early Help Service", ("Early help practitioner",), 0, 18, None, 0.8),
    Service("youth_offending", "Youth Offending Team", ("Youth offending officer",), 10, 18),
    Service(
        "speech_language",
        "Speech and Language Therapy",
        ("Speech and language therapist",),
        1,
        16,
    ),
    Service(
        "educational_psychology",
        "Educational Psychology Service",
        ("Educational psychologist",),
        3,
        18,
    ),
    Service("connexions", "Careers and Connexions", ("Personal adviser",), 13, 18),
    Service(
        "camhs",
        "Child and Adolescent Mental Health Service (CAMHS)",
        ("CAMHS practitioner", "Clinical psychologist", "Psychiatric nurse"),
        4,
        18,
        "mental_health",
    ),
    Service(
        "sexual_health",
        "Young People's Sexual Health Clinic",
        ("Sexual health nurse",),
        13,
        18,
        "sexual_health",
        0.6,
    ),
    Service(
        "substance_misuse",
        "Young People's Substance Misuse Service",
        ("Substance misuse worker",),
        12,
        18,
        "substance_misuse",
    ),
)
SERVICE_BY_KEY = {s.key: s for s in SERVICES}

_SCHOOL_STEMS = (
    "St Mary's", "St Peter's", "Holy Trinity", "Oakwood", "Hillside", "Park View",
    "Westfield", "Brookside", "Meadowbank", "Highfield", "Greenfield", "Riverside",
    "Ash Grove", "Beechwood", "Moorside", "Springbank", "Our Lady of Lourdes",
)  # fmt: skip
_PRIMARY_KINDS = ("Primary School", "C of E Primary School", "Catholic Primary School",
                  "Infant and Junior School", "Community Primary School")  # fmt: skip
_SECONDARY_KINDS = ("High School", "Academy", "School", "Community College",
                    "Catholic High School")  # fmt: skip
_PRACTICE_KINDS = ("Medical Centre", "Surgery", "Health Centre", "Family Practice",
                   "Group Practice")  # fmt: skip

PRIMARIES_PER_TOWN = 4
SECONDARIES_PER_TOWN = 2
PRACTICES_PER_TOWN = 3


@dataclass(frozen=True, slots=True)
class OrganisationSpec:
    """An organisation as the population knows it; `key` identifies it across runs."""

    key: tuple[str, str, str]  # (kind, local_authority, name)
    phone: str
    email: str
    address: str
    postcode: str
    sensitive_category: str | None
    role: str  # "primary", "secondary", "gp" or a Service.key

    @property
    def kind(self) -> str:
        return self.key[0]

    @property
    def local_authority(self) -> str:
        return self.key[1]

    @property
    def name(self) -> str:
        return self.key[2]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def organisations(la: Authority) -> list[OrganisationSpec]:
    """The authority's schools, practices and services; the same list on every run."""
    rng = random.Random(f"organisations:{la.code}")
    specs: list[OrganisationSpec] = []
    used: set[str] = set()

    def add(kind: str, name: str, role: str, town: Town, sensitive: str | None = None) -> None:
        if name in used:
            return
        used.add(name)
        where = address(rng, la)
        district = rng.choice(town.districts)
        postcode = f"{la.postcode_area}{district} {where.postcode.split()[1]}"
        specs.append(
            OrganisationSpec(
                (kind, la.code, name),
                la.phones.number(rng),
                f"enquiries@{_slug(name)}.{la.domain}",
                f"{where.line1}, {town.name}",
                postcode,
                sensitive,
                role,
            )
        )

    for town in la.towns:
        prefix = "" if len(la.towns) == 1 else f"{town.name} "
        stems = rng.sample(_SCHOOL_STEMS, PRIMARIES_PER_TOWN + SECONDARIES_PER_TOWN)
        for stem in stems[:PRIMARIES_PER_TOWN]:
            add("school", f"{prefix}{stem} {rng.choice(_PRIMARY_KINDS)}", "primary", town)
        for stem in stems[PRIMARIES_PER_TOWN:]:
            add("school", f"{prefix}{stem} {rng.choice(_SECONDARY_KINDS)}", "secondary", town)
        for stem in rng.sample(_STREET_STEMS, PRACTICES_PER_TOWN):
            add("gp_practice", f"{town.name} {stem} {rng.choice(_PRACTICE_KINDS)}", "gp", town)
    for service in SERVICES:
        add(
            "service",
            f"{la.name} {service.name}",
            service.key,
            la.towns[0],
            service.sensitive_category,
        )
    return specs
