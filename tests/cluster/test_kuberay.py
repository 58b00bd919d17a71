"""cluster/kuberay/rayservice.yaml: a RayService whose serveConfigV2 is the Serve config itself,
valid for Ray, on a head, CPU workers and GPU workers started with options `ray start` knows."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "cluster" / "kuberay" / "rayservice.yaml"


def the_rayservice() -> dict:
    documents = list(yaml.safe_load_all(MANIFEST.read_text()))
    [service] = [d for d in documents if d["kind"] == "RayService"]
    assert service["apiVersion"] == "ray.io/v1"
    return service


def test_serve_config_v2_is_the_serve_config_and_valid_for_ray():
    from ray.serve.schema import ServeDeploySchema

    embedded = yaml.safe_load(the_rayservice()["spec"]["serveConfigV2"])
    assert embedded == yaml.safe_load((ROOT / "cluster" / "serve_config.yaml").read_text())
    [app] = ServeDeploySchema.model_validate(embedded).applications
    assert app.import_path == "actors.application:app"


def test_head_cpu_and_gpu_groups_start_with_options_ray_start_knows():
    from ray.scripts.scripts import start

    cluster = the_rayservice()["spec"]["rayClusterConfig"]
    known = {p.name.replace("_", "-") for p in start.params}
    groups = {g["groupName"]: g for g in cluster["workerGroupSpecs"]}
    assert set(groups) == {"cpu-workers", "gpu-workers"}
    for spec in (cluster["headGroupSpec"], *groups.values()):
        params = spec["rayStartParams"]
        assert set(params) <= known, set(params) - known
        assert all(isinstance(v, str) for v in params.values())  # KubeRay takes strings only
    assert cluster["headGroupSpec"]["rayStartParams"]["num-cpus"] == "0"  # no work on the head

    gpu = groups["gpu-workers"]
    [container] = gpu["template"]["spec"]["containers"]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert gpu["minReplicas"] <= gpu["replicas"] <= gpu["maxReplicas"] and gpu["maxReplicas"] > 0
    assert cluster["enableInTreeAutoscaling"] is True


def test_the_serve_port_is_the_one_the_config_listens_on():
    service = the_rayservice()
    port = yaml.safe_load(service["spec"]["serveConfigV2"])["http_options"]["port"]
    [head] = service["spec"]["rayClusterConfig"]["headGroupSpec"]["template"]["spec"]["containers"]
    assert {"containerPort": port, "name": "serve"} in head["ports"]
