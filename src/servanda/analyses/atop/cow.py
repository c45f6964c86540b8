"""ISO 3166-1 alpha-3 → Correlates of War state codes (ATOP's ``member`` column), for present-day states.

Germany is 255 (the unified state; ATOP uses 260 for the Federal Republic 1955–1990). A state missing
here gets an empty ``member`` cell and its ISO code in ``servanda_member``.

Example:
    >>> cow_code("USA"), cow_code("UKR"), cow_code("DEU"), cow_code("XXX")
    (2, 369, 255, None)
"""

from __future__ import annotations

_COW: dict[str, int] = {
    # Americas
    "USA": 2, "CAN": 20, "BHS": 31, "CUB": 40, "HTI": 41, "DOM": 42, "JAM": 51, "TTO": 52, "BRB": 53,
    "MEX": 70, "GTM": 90, "HND": 91, "SLV": 92, "NIC": 93, "CRI": 94, "PAN": 95, "COL": 100, "VEN": 101,
    "GUY": 110, "SUR": 115, "ECU": 130, "PER": 135, "BRA": 140, "BOL": 145, "PRY": 150, "CHL": 155,
    "ARG": 160, "URY": 165,
    # Europe
    "GBR": 200, "IRL": 205, "NLD": 210, "BEL": 211, "LUX": 212, "FRA": 220, "MCO": 221, "LIE": 223,
    "CHE": 225, "ESP": 230, "AND": 232, "PRT": 235, "DEU": 255, "POL": 290, "AUT": 305, "HUN": 310,
    "CZE": 316, "SVK": 317, "ITA": 325, "SMR": 331, "MLT": 338, "ALB": 339, "MNE": 341, "MKD": 343,
    "HRV": 344, "SRB": 345, "BIH": 346, "XKX": 347, "SVN": 349, "GRC": 350, "CYP": 352, "BGR": 355,
    "MDA": 359, "ROU": 360, "RUS": 365, "EST": 366, "LVA": 367, "LTU": 368, "UKR": 369, "BLR": 370,
    "ARM": 371, "GEO": 372, "AZE": 373, "FIN": 375, "SWE": 380, "NOR": 385, "DNK": 390, "ISL": 395,
    # Africa
    "CPV": 402, "GNB": 404, "GNQ": 411, "GMB": 420, "MLI": 432, "SEN": 433, "BEN": 434, "MRT": 435,
    "NER": 436, "CIV": 437, "GIN": 438, "BFA": 439, "LBR": 450, "SLE": 451, "GHA": 452, "TGO": 461,
    "CMR": 471, "NGA": 475, "GAB": 481, "CAF": 482, "TCD": 483, "COG": 484, "COD": 490, "UGA": 500,
    "KEN": 501, "TZA": 510, "BDI": 516, "RWA": 517, "SOM": 520, "DJI": 522, "ETH": 530, "ERI": 531,
    "AGO": 540, "MOZ": 541, "ZMB": 551, "ZWE": 552, "MWI": 553, "ZAF": 560, "NAM": 565, "LSO": 570,
    "BWA": 571, "SWZ": 572, "MDG": 580, "COM": 581, "MUS": 590, "SYC": 591, "MAR": 600, "DZA": 615,
    "TUN": 616, "LBY": 620, "SDN": 625, "SSD": 626,
    # Middle East
    "IRN": 630, "TUR": 640, "IRQ": 645, "EGY": 651, "SYR": 652, "LBN": 660, "JOR": 663, "ISR": 666,
    "SAU": 670, "YEM": 679, "KWT": 690, "BHR": 692, "QAT": 694, "ARE": 696, "OMN": 698,
    # Asia and Oceania
    "AFG": 700, "TKM": 701, "TJK": 702, "KGZ": 703, "UZB": 704, "KAZ": 705, "CHN": 710, "MNG": 712,
    "TWN": 713, "PRK": 731, "KOR": 732, "JPN": 740, "IND": 750, "BTN": 760, "PAK": 770, "BGD": 771,
    "MMR": 775, "LKA": 780, "MDV": 781, "NPL": 790, "THA": 800, "KHM": 811, "LAO": 812, "VNM": 816,
    "MYS": 820, "SGP": 830, "BRN": 835, "PHL": 840, "IDN": 850, "TLS": 860, "AUS": 900, "PNG": 910,
    "NZL": 920, "VUT": 935, "SLB": 940, "KIR": 946, "TUV": 947, "FJI": 950, "TON": 955, "NRU": 970,
    "MHL": 983, "PLW": 986, "FSM": 987, "WSM": 990,
}  # fmt: skip


def cow_code(iso3: str) -> int | None:
    """The COW state code of a present-day state, or None."""
    return _COW.get(iso3)
