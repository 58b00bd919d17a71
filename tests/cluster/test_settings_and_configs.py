"""Settings come from REELWORLD_* variables only; the cluster config passes Ray's own checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cluster.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_put_everything_under_the_home_directory(tmp_path):
    settings = load_settings({"REELWORLD_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'reelworld.db'}"
    assert settings.lancedb_dir == tmp_path / "lancedb"
    assert (settings.host, settings.port, settings.ray_address) == ("127.0.0.1", 8000, None)


def test_database_url_and_ray_address_come_from_the_environment(tmp_path):
    settings = load_settings({
        "REELWORLD_HOME": str(tmp_path), "REELWORLD_DATABASE_URL": "postgresql+psycopg://db/rw",
        "RAY_ADDRESS": "ray://head:10001", "REELWORLD_PORT": "9000",
    })
    assert settings.database_url == "postgresql+psycopg://db/rw"
    assert settings.ray_address == "ray://head:10001"
    assert settings.port == 9000


def test_a_malformed_number_is_a_clear_error():
    with pytest.raises(SettingsError, match="REELWORLD_PORT must be an integer, got 'eighty'"):
        load_settings({"REELWORLD_PORT": "eighty"})


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1"])
def test_a_port_outside_1_to_65535_is_a_clear_error(port):
    with pytest.raises(SettingsError, match=f"REELWORLD_PORT must be a port number from 1 to 65535, got {port}"):
        load_settings({"REELWORLD_PORT": port})


def test_an_empty_host_or_log_level_means_the_default_as_for_every_variable():
    settings = load_settings({"REELWORLD_HOST": "", "REELWORLD_LOG_LEVEL": ""})
    assert (settings.host, settings.log_level) == ("127.0.0.1", "INFO")


def test_the_log_level_is_one_of_loggings_names_in_any_case():
    assert load_settings({"REELWORLD_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(SettingsError, match="REELWORLD_LOG_LEVEL must be DEBUG, INFO, .* got 'verbose'"):
        load_settings({"REELWORLD_LOG_LEVEL": "verbose"})


def test_trusted_proxies_are_addresses_or_networks_and_default_to_this_machine():
    assert load_settings({}).trusted_proxies == ("127.0.0.1", "::1")
    assert load_settings({"REELWORLD_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7,fd00::/8"}).trusted_proxies == (
        "10.0.0.0/8", "192.168.1.7", "fd00::/8")
    assert load_settings({"REELWORLD_TRUSTED_PROXIES": "*"}).trusted_proxies == ("*",)
    with pytest.raises(SettingsError, match="REELWORLD_TRUSTED_PROXIES must be IP addresses .* 'proxy.lan' is neither"):
        load_settings({"REELWORLD_TRUSTED_PROXIES": "10.0.0.1,proxy.lan"})


def test_ray_cluster_yaml_passes_rays_own_validation():
    from ray.autoscaler._private.util import prepare_config, validate_config

    config = prepare_config(yaml.safe_load((ROOT / "ray_cluster.yaml").read_text()))
    validate_config(config)
    types = config["available_node_types"]
    assert types["gpu_worker"]["resources"] == {"GPU": 1}
    assert types["cpu_worker"]["max_workers"] > types["cpu_worker"]["min_workers"]
