"""Given-name variants people use interchangeably (Bill for William, Siân for Sian).

Fuzzy search scores a variant almost as high as the name itself. Groups are of normalised
names (directory.phonetic.normalise_name), so accents and apostrophes are already folded.
"""

from __future__ import annotations

_GROUPS: tuple[tuple[str, ...], ...] = (
    ("william", "bill", "billy", "will", "willy", "liam"),
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "elsie", "libby"),
    ("catherine", "katherine", "kathryn", "kate", "katie", "kat", "cathy", "kathy", "kitty"),
    ("margaret", "maggie", "meg", "peggy", "megan"),
    ("alexander", "alex", "sandy", "xander", "alexandra", "lexi", "alexis"),
    ("thomas", "tom", "tommy"),
    ("james", "jim", "jimmy", "jamie"),
    ("michael", "mike", "mikey", "mick", "mickey"),
    ("richard", "rick", "ricky", "rich", "richie", "dick"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("john", "jack", "johnny", "jon", "jonathan", "jonny"),
    ("joseph", "joe", "joey"),
    ("daniel", "dan", "danny"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammie"),
    ("charlotte", "charlie", "lottie"),
    ("charles", "charlie", "chas", "chuck"),
    ("abigail", "abby", "abbie", "gail"),
    ("rebecca", "becky", "becca"),
    ("jessica", "jess", "jessie"),
    ("victoria", "vicky", "vikki", "tori"),
    ("oliver", "ollie", "olly"),
    ("henry", "harry", "hal", "hank"),
    ("frederick", "fred", "freddie", "freddy"),
    ("matthew", "matt", "matty"),
    ("christopher", "chris", "kit"),
    ("christina", "christine", "chris", "tina", "kirsty", "kristina"),
    ("nicholas", "nick", "nicky", "nico"),
    ("anthony", "tony", "antony"),
    ("benjamin", "ben", "benji", "benny"),
    ("david", "dave", "davy", "dafydd", "dai", "dewi"),
    ("sian", "shan", "shaun", "jane"),
    ("evan", "ifan", "ieuan", "iwan", "ewan", "owen", "owain"),
    ("muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mo"),
    ("ahmed", "ahmad", "ahmet"),
    ("aleksander", "aleksandr", "oleksandr", "sasha"),
    ("zoe", "zoey", "zoie"),
    ("sophia", "sophie", "sofia"),
    ("isabella", "isabel", "isobel", "izzy", "bella", "isabelle"),
    ("amelia", "amy", "millie", "emilia", "emily"),
    ("olivia", "liv", "livvy"),
    ("eleanor", "ellie", "elle", "nell", "nora", "elinor"),
    ("grace", "gracie"),
    ("patrick", "pat", "paddy"),
    ("stephen", "steven", "steve", "stevie"),
    ("andrew", "andy", "drew"),
    ("gabriel", "gabe", "gabriella", "gabby"),
)

_INDEX: dict[str, frozenset[str]] = {}
for _group in _GROUPS:
    for _name in _group:
        _INDEX[_name] = _INDEX.get(_name, frozenset()) | frozenset(_group)


def are_variants(a: str, b: str) -> bool:
    """True when two normalised given names are known variants of each other."""
    return a != b and b in _INDEX.get(a, frozenset())
