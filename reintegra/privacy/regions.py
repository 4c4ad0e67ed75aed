"""Countries merged into regions, so that a statistic kept after erasure (or published)
does not single out the one person from one country (docs/domain.md section 6).

Regions are the sub-regions of the UN Statistics Division's "Standard country or area
codes for statistical use" (M49), https://unstats.un.org/unsd/methodology/m49/ ; Taiwan,
which M49 does not list separately, is placed in Eastern Asia. The programme's home country
stays a category of its own: "Polish or foreign" is what the programme reports on, and the
home group is never a small cell.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    HOME = "home", _("Home country")
    NORTHERN_AFRICA = "northern_africa", _("Northern Africa")
    EASTERN_AFRICA = "eastern_africa", _("Eastern Africa")
    MIDDLE_AFRICA = "middle_africa", _("Middle Africa")
    SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")
    WESTERN_AFRICA = "western_africa", _("Western Africa")
    CARIBBEAN = "caribbean", _("Caribbean")
    CENTRAL_AMERICA = "central_america", _("Central America")
    SOUTH_AMERICA = "south_america", _("South America")
    NORTHERN_AMERICA = "northern_america", _("Northern America")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    EASTERN_ASIA = "eastern_asia", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "south_eastern_asia", _("South-eastern Asia")
    SOUTHERN_ASIA = "southern_asia", _("Southern Asia")
    WESTERN_ASIA = "western_asia", _("Western Asia")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")
    NORTHERN_EUROPE = "northern_europe", _("Northern Europe")
    SOUTHERN_EUROPE = "southern_europe", _("Southern Europe")
    WESTERN_EUROPE = "western_europe", _("Western Europe")
    OCEANIA = "oceania", _("Oceania")
    OTHER = "other", _("Other or unknown")


_M49 = {
    Region.NORTHERN_AFRICA: "DZ EG LY MA SD TN EH",
    Region.EASTERN_AFRICA: "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    Region.MIDDLE_AFRICA: "AO CM CF TD CG CD GQ GA ST",
    Region.SOUTHERN_AFRICA: "BW SZ LS NA ZA",
    Region.WESTERN_AFRICA: "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    Region.CARIBBEAN: "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC "
                      "SX TT TC VI",
    Region.CENTRAL_AMERICA: "BZ CR SV GT HN MX NI PA",
    Region.SOUTH_AMERICA: "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    Region.NORTHERN_AMERICA: "BM CA GL PM US",
    Region.CENTRAL_ASIA: "KZ KG TJ TM UZ",
    Region.EASTERN_ASIA: "CN HK MO KP JP MN KR TW",
    Region.SOUTH_EASTERN_ASIA: "BN KH ID LA MY MM PH SG TH TL VN",
    Region.SOUTHERN_ASIA: "AF BD BT IN IR MV NP PK LK",
    Region.WESTERN_ASIA: "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    Region.EASTERN_EUROPE: "BY BG CZ HU PL MD RO RU SK UA",
    Region.NORTHERN_EUROPE: "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    Region.SOUTHERN_EUROPE: "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    Region.WESTERN_EUROPE: "AT BE FR DE LI LU MC NL CH",
    # Australia and New Zealand, Melanesia, Micronesia, Polynesia: merged, as each is
    # far too small a group for a Polish programme's figures.
    Region.OCEANIA: "AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN "
                    "WS TK TO TV WF",
}
COUNTRY_REGION = {code: region for region, codes in _M49.items() for code in codes.split()}


def home_country() -> str:
    return getattr(settings, "REINTEGRA_HOME_COUNTRY", "PL")


def region_of(country_code: str) -> Region:
    code = str(country_code or "").upper()
    if code and code == home_country():
        return Region.HOME
    return COUNTRY_REGION.get(code, Region.OTHER)


def regions_of(countries) -> list[str]:
    """The sorted set of regions of several countries (a multi-citizenship field)."""
    return sorted({region_of(getattr(c, "code", c)).value for c in countries or []})
