from django_countries import countries

from reintegra.privacy.regions import COUNTRY_REGION, Region, region_of, regions_of


def test_every_country_has_a_region():
    missing = [code for code, _ in countries if code not in COUNTRY_REGION and code != "AQ"]
    assert missing == []


def test_countries_merge_into_regions_and_home_stays_apart(settings):
    assert region_of("UA") == region_of("BY") == Region.EASTERN_EUROPE
    assert region_of("VN") == Region.SOUTH_EASTERN_ASIA
    assert region_of("NG") == Region.WESTERN_AFRICA
    assert region_of("PL") == Region.HOME
    assert region_of("") == region_of("ZZ") == Region.OTHER
    assert regions_of(["UA", "PL", "BY"]) == ["eastern_europe", "home"]
    settings.REINTEGRA_HOME_COUNTRY = "DE"
    assert region_of("PL") == Region.EASTERN_EUROPE and region_of("DE") == Region.HOME
