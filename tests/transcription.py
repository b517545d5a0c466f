"""An independent transcription of the source document, typed from it by hand.

It is kept apart from the bundled JSON on purpose: the tests compare the two
fact by fact, and check this text against the source file itself when the
source is available (always in CI).
"""

from __future__ import annotations

import datetime

TITLE = "2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)"
TITLE_PAGE_TITLE = "2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS 2020)"
SHORT_TITLE = "DLS 2020"
PLACE = "Atlanta, Georgia, USA"
DAY = "11 November 2020"
DATE = datetime.date(2020, 11, 11)
CATALOG = "CFP20W52-POD"
ISBN_POD = "978-1-6654-2246-8"
ISBN_ONLINE = "978-1-6654-2245-1"
COPYRIGHT = "Copyright © 2020 by the Institute of Electrical and Electronics Engineers, Inc."
RIGHTS = "All Rights Reserved"
PERMISSIONS_START = "Copyright and Reprint Permissions: Abstracting is permitted"
PERMISSIONS_END = "445 Hoes Lane, Piscataway, NJ 08854. All rights reserved."
# The publisher's place: the city and state of the address the copyright page gives for
# IEEE ("write to IEEE Copyrights Manager, IEEE Service Center, 445 Hoes Lane,
# Piscataway, NJ 08854").
PUBLISHER_PLACE = "Piscataway, NJ"
PRINT_NOTE = (
    "This is a print representation of what appears in the IEEE Digital Library. Some format "
    "issues inherent in the e-media version may also appear in this print version."
)
PRINTER_LINES = (
    "Curran Associates, Inc",
    "57 Morehouse Lane",
    "Red Hook, NY 12571 USA",
    "Phone: (845) 758-0400",
    "Fax: (845) 758-2633",
    "E-mail: curran@proceedings.com",
    "Web: www.proceedings.com",
)
FRONT_MATTER = (("Message from the Workshop Chairs", "v"), ("Workshop Organization", "vi"))
AUTHOR_INDEX_PAGE = 63

# (session, title, start page, author line) exactly as printed.
TOC = (
    (
        "Algorithm, Modeling, and Infrastructure",
        "Online-Codistillation Meets LARS; Going Beyond the Limit of Data Parallelism in Deep Learning",
        1,
        "Shogo Murai (Preferred Networks, Inc., Japan), Hiroaki Mikami (Preferred Networks, Inc., "
        "Japan), Masanori Koyama (Preferred Networks, Inc., Japan), Shuji Suzuki (Preferred "
        "Networks, Inc., Japan), and Takuya Akiba (Preferred Networks, Inc., Japan)",
    ),
    (
        "Algorithm, Modeling, and Infrastructure",
        "Time-Based Roofline for Deep Learning Performance Analysis",
        10,
        "Yunsong Wang (Lawrence Berkeley National Laboratory), Charlene Yang (Lawrence Berkeley "
        "National Laboratory), Steven Farrell (Lawrence Berkeley National Laboratory), Yan Zhang "
        "(Lawrence Berkeley National Laboratory), Thorsten Kurth (NVIDIA Corporation), and Samuel "
        "Williams (Lawrence Berkeley National Laboratory)",
    ),
    (
        "Algorithm, Modeling, and Infrastructure",
        "Towards a Scalable and Distributed Infrastructure for Deep Learning Applications",
        20,
        "Bita Hasheminezhad (Louisiana State University, U.S.A.), Shahrzad Shirzad (Louisiana State "
        "University, U.S.A.), Nanmiao Wu (Louisiana State University, U.S.A.), Patrick Diehl "
        "(Louisiana State University, U.S.A.), Hannes Schulz (Microsoft Research, Canada), and "
        "Hartmut Kaiser (Louisiana State University, U.S.A.)",
    ),
    (
        "Algorithm, Modeling, and Infrastructure",
        "DDL Bench: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning",
        31,
        "Matthijs Jansen (SURFsara, University of Amsterdam, The Netherlands), Valeriu Codreanu "
        "(SURFsara, The Netherlands), and Ana-Lucia Varbanescu (University of Amsterdam, The "
        "Netherlands)",
    ),
    (
        "Applications",
        "Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo",
        40,
        "Alberto Acevedo (University of Arizona, USA), Michael Curry (University of Maryland, USA), "
        "Shantanu Joshi (University of California, Los Angeles, USA), Brett Leroux (University of "
        "California, Davis, USA), and Nicholas Malaya (AMD Research, USA)",
    ),
    (
        "Applications",
        "TopiQAL: Topic-Aware Question Answering using Scalable Domain-Specific Supercomputers",
        48,
        "Hamsa Shwetha Venkataram (Jet Propulsion Laboratory, California Institute of Technology), "
        "Chris A Mattmann (Jet Propulsion Laboratory), and Scott Penberthy (Google)",
    ),
    (
        "Applications",
        "DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural "
        "Networks",
        56,
        "Maxwell X. Cai (SURF Corporative / Leiden University), Jeroen Bédorf (minds.ai), Vikram A. "
        "Saletore (Intel Corporation), Valeriu Codreanu (SURF Corporative), Damian Podareanu (SURF "
        "Corporative), Adel Chaibi (Intel Corporation), and Penny X. Qian (Leiden University)",
    ),
)

# The examples of the key rule, one per paper, in page order.
KEYS = (
    "murai2020online",
    "wang2020time",
    "hasheminezhad2020towards",
    "jansen2020ddl",
    "acevedo2020vandermonde",
    "venkataram2020topiqal",
    "cai2020deepgalaxy",
)

# DOIs from the public records (docs/data.md), by paper number.
DOIS = (
    None,
    None,
    "10.1109/DLS51937.2020.00008",
    "10.1109/DLS51937.2020.00009",
    "10.1109/DLS51937.2020.00010",
    "10.1109/DLS51937.2020.00011",
    "10.1109/DLS51937.2020.00012",
)

# (printed affiliation, [(organisation, country or None), ...]): the decisions documented
# in docs/data.md, written out here independently of the data file.
AFFILIATIONS = {
    "Preferred Networks, Inc., Japan": [("Preferred Networks, Inc.", "Japan")],
    "Lawrence Berkeley National Laboratory": [("Lawrence Berkeley National Laboratory", None)],
    "NVIDIA Corporation": [("NVIDIA Corporation", None)],
    "Louisiana State University, U.S.A.": [("Louisiana State University", "U.S.A.")],
    "Microsoft Research, Canada": [("Microsoft Research", "Canada")],
    "SURFsara, University of Amsterdam, The Netherlands": [
        ("SURFsara", "The Netherlands"),
        ("University of Amsterdam", "The Netherlands"),
    ],
    "SURFsara, The Netherlands": [("SURFsara", "The Netherlands")],
    "University of Amsterdam, The Netherlands": [("University of Amsterdam", "The Netherlands")],
    "University of Arizona, USA": [("University of Arizona", "USA")],
    "University of Maryland, USA": [("University of Maryland", "USA")],
    "University of California, Los Angeles, USA": [
        ("University of California, Los Angeles", "USA")
    ],
    "University of California, Davis, USA": [("University of California, Davis", "USA")],
    "AMD Research, USA": [("AMD Research", "USA")],
    "Jet Propulsion Laboratory, California Institute of Technology": [
        ("Jet Propulsion Laboratory, California Institute of Technology", None)
    ],
    "Jet Propulsion Laboratory": [("Jet Propulsion Laboratory", None)],
    "Google": [("Google", None)],
    "SURF Corporative / Leiden University": [
        ("SURF Corporative", None),
        ("Leiden University", None),
    ],
    "minds.ai": [("minds.ai", None)],
    "Intel Corporation": [("Intel Corporation", None)],
    "SURF Corporative": [("SURF Corporative", None)],
    "Leiden University": [("Leiden University", None)],
}
COUNTRY_CODES = {
    "Japan": "JP",
    "U.S.A.": "US",
    "USA": "US",
    "Canada": "CA",
    "The Netherlands": "NL",
}


def split_byline(line: str) -> list[tuple[str, str]]:
    """Split a printed author line into (name, affiliation) pairs.

    Written for the test only: it relies on every name being followed by one
    parenthesised group whose parentheses are balanced.
    """
    pairs: list[tuple[str, str]] = []
    rest = line
    while rest:
        rest = rest.removeprefix(", ").removeprefix("and ").removeprefix(", and ")
        name, _, rest = rest.partition(" (")
        depth, i = 1, 0
        while depth:
            depth += {"(": 1, ")": -1}.get(rest[i], 0)
            i += 1
        pairs.append((name, rest[: i - 1]))
        rest = rest[i:]
    return pairs
