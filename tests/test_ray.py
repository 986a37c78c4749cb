"""The Ray engine: the same release as the local engine, in process, on a local Ray and on a real
cluster started with `ray start --head`; a clear error for a cluster that cannot be reached; Ray's
temp folder and logs under baokan's options.

Ray is installed wherever the tests run (`.[dev,ray]`); only a Ray that cannot start is skipped.
Every Ray started here is stopped here: in-process ones by `ray.shutdown()`, the cluster by
signalling the process group of its `ray start --block` (never `ray stop`, which would stop every
Ray on the machine).
"""

from __future__ import annotations

import gzip
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from baokan.build import build
from baokan.config import load_config
from baokan.engines import RaySettings
from release_helpers import tree_digest

REPO = Path(__file__).resolve().parent.parent
BAOKAN = [sys.executable, "-c", "from baokan.cli import main; main()"]
RAY = Path(sys.executable).parent / "ray"


@pytest.fixture
def generated_project(tmp_path: Path) -> Path:
    from baokan.devtools.pagegen import generate_page, load_corpus

    corpus = load_corpus(REPO.parent / "shared" / "corpora")  # the built-in texts when absent
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in range(24):
        text, _gold = generate_page(seed, corpus)
        (raw / f"{seed:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gen.toml").write_text(
        'name = "gen"\nversion = "1.0.0"\nout = "releases"\n[splits]\ntrain = 0.8\ntest = 0.2\n'
        # exact duplicates only: near dedup leaves a handful of the generator's reused articles
        '[dedup]\nmode = "exact"\n[[sources]]\npath = "raw"\npublication = "样例日报"\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path: Ray's socket paths below it must fit in 107 bytes, which
    pytest's tmp_path does not leave room for."""
    folder = Path(tempfile.mkdtemp(prefix="bk-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def records_of(release: Path) -> list[str]:
    return [
        line.decode() for p in sorted((release / "jsonl").glob("*.gz")) for line in gzip.open(p).read().splitlines()
    ]


def run_baokan(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # the timeout only ends a hung run; how fast a run fails is not asserted
    return subprocess.run([*BAOKAN, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=180)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", **extra)
    return env


def test_ray_engine_is_byte_identical_to_local(generated_project: Path, tmp_path: Path, short_tmp: Path) -> None:
    config = load_config(generated_project / "gen.toml")
    local = build(config.with_overrides(out=tmp_path / "local"), workers=1).published
    settings = RaySettings(address="local", temp_dir=short_tmp, num_cpus=2, quiet=True)
    distributed = build(config.with_overrides(out=tmp_path / "ray"), engine="ray", ray=settings).published
    assert local.records > 10
    assert records_of(local.path) == records_of(distributed.path)  # a readable diff first
    assert tree_digest(local.path) == tree_digest(distributed.path)
    assert (short_tmp / "session_latest").is_dir()  # the local Ray lived in --ray-tmpdir's folder


@pytest.mark.parametrize(
    ("option", "env", "named"),
    [
        ([], {"RAY_ADDRESS": "127.0.0.1:1"}, "127.0.0.1:1 (from RAY_ADDRESS)"),
        (["--ray-address", "ray://127.0.0.1:1"], {}, "ray://127.0.0.1:1 (from --ray-address)"),
    ],
)
def test_an_unreachable_cluster_is_an_error_naming_its_address(
    generated_project: Path, option: list[str], env: dict[str, str], named: str
) -> None:
    # Ray alone retries such an address for many minutes
    proc = run_baokan(["build", "gen.toml", "--engine", "ray", *option], clean_env(**env), generated_project)
    assert proc.returncode == 2, proc.stderr
    assert f"Error: cannot reach the Ray cluster at {named}: Connection refused" in proc.stderr
    assert proc.stdout == ""


def test_ray_temp_folder_follows_tmpdir_and_quiet_silences_ray(generated_project: Path, short_tmp: Path) -> None:
    env = clean_env(TMPDIR=str(short_tmp))
    proc = run_baokan(["build", "gen.toml", "--engine", "ray", "-j", "2", "-q"], env, generated_project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # not Ray's "Started a local Ray instance" nor its warnings
    assert (short_tmp / "ray" / "session_latest").is_dir()


def test_ray_tmpdir_option_wins_over_tmpdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "env"))
    assert RaySettings().ray_temp_dir() == (tmp_path / "env" / "ray").resolve()
    assert RaySettings(temp_dir=tmp_path / "opt").ray_temp_dir() == (tmp_path / "opt").resolve()
    monkeypatch.delenv("TMPDIR")
    assert RaySettings().ray_temp_dir() is None  # Ray's own default


# -- a real cluster --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """End the `ray start --block` process group that this module started: SIGTERM makes ray start
    stop the head's processes; what is left after 30 s gets SIGKILL."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(1)  # the group's other processes end after ray start itself


@pytest.fixture(scope="module")
def ray_head() -> Iterator[tuple[str, dict[str, str], Path]]:
    """A one-node Ray cluster (`ray start --head --num-cpus 2`) with token authentication (a token
    of its own, nothing written to ~/.ray): (its address, the environment a driver needs, its temp
    folder)."""
    temp = Path(tempfile.mkdtemp(prefix="bkh-", dir="/tmp"))
    port = free_port()
    env = clean_env(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=secrets.token_hex(32))
    ports = ["--port", str(port), "--ray-client-server-port", str(free_port())]
    ports += ["--dashboard-port", str(free_port()), "--dashboard-agent-listen-port", str(free_port())]
    args = [str(RAY), "start", "--head", "--block", "--num-cpus", "2", "--temp-dir", str(temp), *ports]
    args += ["--include-dashboard", "false", "--disable-usage-stats"]
    log = (temp / "ray-start.log").open("wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        if not _wait_for_head(proc, port, temp):
            pytest.skip(f"Ray cannot start here: `ray start --head` gave {(temp / 'ray-start.log').read_text()[-800:]}")
        yield f"127.0.0.1:{port}", env, temp
    finally:
        stop_group(proc)
        log.close()
        shutil.rmtree(temp, ignore_errors=True)


def _wait_for_head(proc: subprocess.Popen[bytes], port: int, temp: Path) -> bool:
    """Whether the head came up: its GCS takes connections and its raylet is running."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if b"This command will now block" in (temp / "ray-start.log").read_bytes():
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return True
        time.sleep(0.5)
    return False


def test_a_build_on_a_ray_cluster_is_byte_identical_to_local(
    generated_project: Path, tmp_path: Path, ray_head: tuple[str, dict[str, str], Path]
) -> None:
    address, env, temp = ray_head
    local = run_baokan(["build", "gen.toml", "--out", str(tmp_path / "local"), "-q"], clean_env(), generated_project)
    assert local.returncode == 0, local.stderr
    args = [*BAOKAN, "build", "gen.toml", "--engine", "ray", "--out", str(tmp_path / "ray"), "-q"]
    driver = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=generated_project,
        env={**env, "RAY_ADDRESS": address},
    )  # fmt: skip
    out, err = driver.communicate(timeout=300)
    assert driver.returncode == 0, err
    # the build ran as a driver of this cluster (it did not start a Ray of its own)
    assert list((temp / "session_latest" / "logs").glob(f"python-core-driver-*_{driver.pid}.log"))
    local_release, ray_release = Path(local.stdout.strip()), Path(out.strip())
    assert ray_release != local_release
    assert records_of(local_release) == records_of(ray_release)  # a readable diff first
    assert (local_release / "manifest.json").read_bytes() == (ray_release / "manifest.json").read_bytes()
    assert tree_digest(local_release) == tree_digest(ray_release)


def test_a_cluster_reads_pages_given_as_a_uri(
    generated_project: Path, tmp_path: Path, ray_head: tuple[str, dict[str, str], Path]
) -> None:
    """The workers read the pages through fsspec (a file:// URI here: the one node is this machine)."""
    address, env, _temp = ray_head
    uri = (generated_project / "raw").as_uri()
    text = (generated_project / "gen.toml").read_text(encoding="utf-8").replace('path = "raw"', f'path = "{uri}"')
    (generated_project / "uri.toml").write_text(text, encoding="utf-8")
    args = ["build", "uri.toml", "--engine", "ray", "--out", str(tmp_path / "ray"), "-q"]
    by_uri = run_baokan(args, {**env, "RAY_ADDRESS": address}, generated_project)
    assert by_uri.returncode == 0, by_uri.stderr
    local = run_baokan(["build", "gen.toml", "--out", str(tmp_path / "local"), "-q"], clean_env(), generated_project)
    assert local.returncode == 0, local.stderr
    ray_release, local_release = Path(by_uri.stdout.strip()), Path(local.stdout.strip())
    assert records_of(ray_release) == records_of(local_release)
    assert (ray_release / "inputs.jsonl").read_bytes() == (local_release / "inputs.jsonl").read_bytes()
