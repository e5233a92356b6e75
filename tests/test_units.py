import pytest

from desktop.units import RegistryError, csv_registry, national_registry, province_registry


@pytest.mark.parametrize(
    "name",
    [
        "Phường Hạc Thành",
        "phường hạc thành",
        "PHUONG HAC THANH",
        "Công an phường Hạc Thành",
        "UBND phường Hạc Thành",
        "Ban Chỉ đạo 138 phường Hạc Thành",
        "Hạc Thành",
        "P. Hạc Thành",
        "Phường  Hạc\u00a0Thành",
        "Phu\u031bo\u031b\u0300ng Ha\u0323c Tha\u0300nh",
    ],
)
def test_unit_names_match_after_folding_case_diacritics_and_prefixes(registry, name):
    found = registry.match(name)
    assert found.unit is not None and found.unit.code == "14797" and found.by == "name"


def test_old_and_new_tone_placement_name_the_same_unit():
    registry = province_registry("Thanh Hóa")
    assert registry.by_name("Xã Hoằng Hoá") is registry.by_name("Xã Hoằng Hóa") is not None


def test_the_code_wins_over_a_disagreeing_name(registry):
    found = registry.match("Xã Thọ Xuân", "14797")
    assert found.unit.name == "Phường Hạc Thành" and found.by == "code" and found.name_disagrees


def test_unknown_names_get_the_nearest_registered_names(registry):
    found = registry.match("Phường Hạc Thanh Mới")
    assert found.unit is None
    assert "Phường Hạc Thành" in found.suggestions


def test_province_and_national_registries_come_from_vietnam_provinces():
    assert len(province_registry("Thanh Hóa").units) == 166
    assert len(province_registry("thanh hoa").units) == 166
    nation = national_registry()
    assert len(nation.units) == 34
    assert nation.match("Tỉnh Thanh Hóa").unit.code == "38"
    assert nation.match("TP Hà Nội").unit.name == "Thành phố Hà Nội"
    with pytest.raises(RegistryError, match="Atlantis"):
        province_registry("Atlantis")


def test_a_csv_registry_with_aliases(tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "code,name,kind,aliases\nCA01,Công an huyện Thọ Xuân,huyện,CA Thọ Xuân;Thọ Xuân cũ\nCA02,Phòng PV01,phòng,\n",
        encoding="utf-8-sig",
    )
    registry = csv_registry(path)
    assert registry.match("Thọ Xuân cũ").unit.code == "CA01"
    assert registry.match("phong pv01").unit.code == "CA02"
    assert registry.match(None, "ca02").unit is None  # codes are compared as written, not case-folded
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n,Không mã\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="dòng 2"):
        csv_registry(bad)
