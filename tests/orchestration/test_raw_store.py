"""The immutable raw store: new, unchanged, refused, skipped -- and nothing left behind."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from orchestration.catalog.registry import CATALOG, CBP_DRUG_SEIZURES, CDC_VSRR, Release
from orchestration.ingest import raw
from orchestration.ingest.download import DownloadError
from orchestration.ingest.raw import RawStore, live_vintage

CBP = CBP_DRUG_SEIZURES.releases[0]  # nationwide-drugs-fy19-fy22.csv, vintage 2022-10-31
CDC_SUBSET = next(r for r in CDC_VSRR.releases if r.official_url is None)
CDC_LIVE = next(r for r in CDC_VSRR.releases if r.vintage == "live")
FIXED_NOW = datetime(2026, 2, 3, 12, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "data", clock=lambda: FIXED_NOW)


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """An empty directory mirror the test fills."""
    path = tmp_path / "mirror"
    path.mkdir()
    return path


def put(mirror: Path, release: Release, body: bytes) -> Path:
    path = mirror / release.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def unpinned(file_name: str = "cbp_drug_seizures/test-file.csv") -> Release:
    return dataclasses.replace(CBP, file_name=file_name, sha256=None)


def no_fetch(*args: object, **kwargs: object) -> None:
    raise AssertionError("fetch must not be called")


# --- storing ----------------------------------------------------------------------------


def test_http_ingest_stores_file_and_manifest_row(store, http_server, make_config, shared_data):
    outcome = store.ingest(CBP_DRUG_SEIZURES, CBP, make_config(http_server.base_url))
    assert outcome.status == "new"
    expected = store.data_dir / "raw/cbp_drug_seizures/2022-10-31/nationwide-drugs-fy19-fy22.csv"
    assert outcome.path == expected
    assert expected.read_bytes() == (shared_data / CBP.file_name).read_bytes()
    assert not expected.stat().st_mode & 0o222  # stored read-only

    manifest = store.data_dir / "raw/cbp_drug_seizures/manifest.jsonl"
    lines = manifest.read_text().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row == {
        "source": "cbp_drug_seizures",
        "file_name": CBP.file_name,
        "table": CBP.table,
        "vintage": "2022-10-31",
        "url": http_server.url(CBP.file_name),
        "official_url": CBP.official_url,
        "sha256": CBP.sha256,
        "bytes": expected.stat().st_size,
        "fetched_at": "2026-02-03T12:30:00+00:00",
        "etag": row["etag"],
        "last_modified": "Wed, 17 Sep 2025 10:00:00 GMT",
        "layout": "official",
        "kind": "csv",
    }
    assert row["etag"]
    assert store.rows("cbp_drug_seizures") == [outcome.row]
    assert store.latest("cbp_drug_seizures", CBP.file_name) == outcome.row
    assert store.path_of(outcome.row) == expected


def test_http_unchanged_file_gets_a_304_and_nothing_is_written(store, http_server, make_config):
    config = make_config(http_server.base_url)
    first = store.ingest(CBP_DRUG_SEIZURES, CBP, config)
    mtime = first.path.stat().st_mtime_ns
    manifest = store.manifest_path("cbp_drug_seizures").read_bytes()

    second = store.ingest(CBP_DRUG_SEIZURES, CBP, config)
    assert second.status == "unchanged"
    assert second.row == first.row
    last = http_server.state.seen[-1]
    assert last.headers["if-none-match"] == first.row.etag
    assert last.status == 304
    assert first.path.stat().st_mtime_ns == mtime
    assert store.manifest_path("cbp_drug_seizures").read_bytes() == manifest


def test_directory_mirror_new_then_unchanged_without_copying(
    store, shared_data, make_config, monkeypatch
):
    config = make_config(str(shared_data))
    first = store.ingest(CBP_DRUG_SEIZURES, CBP, config)
    assert first.status == "new"
    assert first.row.url == str(shared_data / CBP.file_name)
    mtime = first.path.stat().st_mtime_ns

    monkeypatch.setattr(raw, "fetch", no_fetch)
    second = store.ingest(CBP_DRUG_SEIZURES, CBP, config)
    assert second.status == "unchanged"
    assert first.path.stat().st_mtime_ns == mtime
    assert len(store.rows("cbp_drug_seizures")) == 1


def test_whole_catalog_from_http_mirror_matches_every_pin(store, http_server, make_config):
    config = make_config(http_server.base_url)
    outcomes = [store.ingest(s, r, config) for s in CATALOG for r in s.releases]
    by_status = {o.file_name: o.status for o in outcomes}
    assert by_status[CDC_LIVE.file_name] == "skipped"
    pinned = [r for s in CATALOG for r in s.releases if r.sha256]
    assert pinned and all(by_status[r.file_name] == "new" for r in pinned)
    for source in CATALOG:
        for row in store.rows(source.name):
            assert store.path_of(row).is_file()
    again = [store.ingest(s, r, config).status for s in CATALOG for r in s.releases]
    assert again.count("unchanged") == len(pinned)
    assert sum(len(store.rows(s.name)) for s in CATALOG) == len(pinned)


# --- refusing ---------------------------------------------------------------------------


def test_checksum_mismatch_vs_manifest_in_directory_mirror(
    store, mirror, make_config, leftover_temp_files
):
    release = unpinned()
    put(mirror, release, b"a,b\n1,2\n")
    first = store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    assert first.status == "new"

    put(mirror, release, b"a,b\n1,3\n")  # same size, other bytes, same name and vintage
    with pytest.raises(DownloadError) as err:
        store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    message = str(err.value)
    assert message.startswith(f"{release.file_name} from {mirror / release.file_name}: ")
    assert "checksum mismatch vs manifest" in message
    assert "raw files are immutable" in message
    assert first.row.sha256 in message
    assert first.path.read_bytes() == b"a,b\n1,2\n"
    assert store.rows("cbp_drug_seizures") == [first.row]
    assert leftover_temp_files(store.data_dir) == []


def test_checksum_mismatch_vs_manifest_over_http(
    store, http_server, make_config, leftover_temp_files
):
    release = unpinned("cbp_drug_seizures/changing.csv")
    http_server.state.files["/" + release.file_name] = b"a,b\n1,2\n"
    config = make_config(http_server.base_url)
    first = store.ingest(CBP_DRUG_SEIZURES, release, config)
    http_server.state.files["/" + release.file_name] = b"a,b\n1,2\n3,4\n"
    with pytest.raises(DownloadError, match="checksum mismatch vs manifest"):
        store.ingest(CBP_DRUG_SEIZURES, release, config)
    assert http_server.statuses("/" + release.file_name) == [200, 200]
    assert first.path.read_bytes() == b"a,b\n1,2\n"
    assert len(store.rows("cbp_drug_seizures")) == 1
    assert leftover_temp_files(store.data_dir) == []


def test_checksum_mismatch_vs_catalog_pin(store, mirror, make_config, leftover_temp_files):
    release = dataclasses.replace(CBP, sha256="0" * 64)
    body = b"a,b\n1,2\n"
    put(mirror, release, body)
    with pytest.raises(DownloadError) as err:
        store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    message = str(err.value)
    assert release.file_name in message
    assert "catalog pin" in message
    assert f"expected {'0' * 64}" in message
    assert f"got {hashlib.sha256(body).hexdigest()}" in message
    assert store.rows("cbp_drug_seizures") == []
    assert not (store.root / "cbp_drug_seizures" / release.vintage).exists()
    assert leftover_temp_files(store.data_dir) == []


def test_existing_file_without_manifest_row_is_never_overwritten(store, mirror, make_config):
    release = unpinned()
    put(mirror, release, b"a,b\n1,2\n")
    target = store.root / "cbp_drug_seizures" / release.vintage / release.base_name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"something else\n")
    with pytest.raises(DownloadError, match="already exists with other bytes"):
        store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    assert target.read_bytes() == b"something else\n"
    assert store.rows("cbp_drug_seizures") == []


def test_missing_stored_file_is_restored_from_identical_bytes(store, mirror, make_config):
    release = unpinned()
    put(mirror, release, b"a,b\n1,2\n")
    first = store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    first.path.unlink()
    again = store.ingest(CBP_DRUG_SEIZURES, release, make_config(str(mirror)))
    assert again.status == "restored"
    assert first.path.read_bytes() == b"a,b\n1,2\n"
    assert store.rows("cbp_drug_seizures") == [first.row]


@pytest.mark.parametrize(
    "path",
    [
        "_special/404/x.csv",
        "_special/html/x.csv",
        f"_special/truncated/{CBP.file_name}",
        f"_special/slow/{CBP.file_name}",
        "_special/always-500/x.csv",
    ],
)
def test_no_temp_files_or_rows_after_failures(
    path, store, http_server, make_config, leftover_temp_files
):
    http_server.state.slow_s = 0.6
    release = unpinned(path)
    config = make_config(http_server.base_url, attempts=2, timeout_s=0.2)
    with pytest.raises(DownloadError) as err:
        store.ingest(CBP_DRUG_SEIZURES, release, config)
    assert str(err.value).startswith(f"{path} from {http_server.url(path)}: ")
    assert leftover_temp_files(store.data_dir) == []
    assert (store.root / "cbp_drug_seizures" / ".tmp").is_dir()  # the download went there
    assert store.rows("cbp_drug_seizures") == []
    assert not (store.root / "cbp_drug_seizures" / release.vintage).exists()


# --- skipping ---------------------------------------------------------------------------


def test_official_mode_skips_mirror_only_releases(store, make_config, monkeypatch):
    monkeypatch.setattr(raw, "fetch", no_fetch)
    outcome = store.ingest(CDC_VSRR, CDC_SUBSET, make_config(None))
    assert outcome.status == "skipped"
    assert outcome.reason and "mirror-only" in outcome.reason
    assert outcome.row is None and outcome.path is None
    assert not store.root.exists()


def test_mirror_mode_skips_live_releases(store, shared_data, make_config, monkeypatch):
    monkeypatch.setattr(raw, "fetch", no_fetch)
    outcome = store.ingest(CDC_VSRR, CDC_LIVE, make_config(str(shared_data)))
    assert outcome.status == "skipped"
    assert outcome.reason and "live" in outcome.reason
    assert not store.root.exists()


# --- live releases ----------------------------------------------------------------------


def live_at(url: str) -> Release:
    return dataclasses.replace(CDC_LIVE, official_url=url)


def test_live_release_vintage_comes_from_last_modified(store, http_server, make_config):
    http_server.state.files["/live/vsrr.csv"] = b"State,Year\nUS,2025\n"
    release = live_at(http_server.url("live/vsrr.csv"))
    config = make_config(None)
    first = store.ingest(CDC_VSRR, release, config)
    assert first.status == "new"
    assert first.row.vintage == "2025-09-17"
    assert (
        first.path
        == store.root / "cdc_vsrr/2025-09-17/VSRR_Provisional_Drug_Overdose_Death_Counts.csv"
    )
    assert first.row.url == http_server.url("live/vsrr.csv")

    second = store.ingest(CDC_VSRR, release, config)
    assert second.status == "unchanged"
    assert http_server.statuses("/live/vsrr.csv") == [200, 304]


def test_live_release_without_last_modified_uses_todays_utc_date(store, http_server, make_config):
    http_server.state.last_modified = None
    http_server.state.files["/live/vsrr.csv"] = b"State,Year\nUS,2025\n"
    release = live_at(http_server.url("live/vsrr.csv"))
    first = store.ingest(CDC_VSRR, release, make_config(None))
    assert first.row.vintage == FIXED_NOW.date().isoformat()

    # a new publication the next day is stored beside the old one
    later = RawStore(store.data_dir, clock=lambda: datetime(2026, 2, 4, 1, tzinfo=UTC))
    http_server.state.files["/live/vsrr.csv"] = b"State,Year\nUS,2025\nUS,2026\n"
    second = later.ingest(CDC_VSRR, release, make_config(None))
    assert second.status == "new"
    assert second.row.vintage == "2026-02-04"
    assert first.path.read_bytes() == b"State,Year\nUS,2025\n"
    assert [r.vintage for r in later.rows("cdc_vsrr")] == ["2026-02-03", "2026-02-04"]
    assert later.latest("cdc_vsrr", release.file_name) == second.row


def test_live_release_with_same_bytes_on_another_day_is_unchanged(store, http_server, make_config):
    http_server.state.last_modified = None
    http_server.state.conditional = False  # a server that always answers 200
    http_server.state.files["/live/vsrr.csv"] = b"State,Year\nUS,2025\n"
    release = live_at(http_server.url("live/vsrr.csv"))
    first = store.ingest(CDC_VSRR, release, make_config(None))
    later = RawStore(store.data_dir, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC))
    second = later.ingest(CDC_VSRR, release, make_config(None))
    assert second.status == "unchanged"
    assert second.row == first.row
    assert http_server.statuses("/live/vsrr.csv") == [200, 200]
    assert not (later.root / "cdc_vsrr" / "2026-03-01").exists()


@pytest.mark.parametrize(
    ("last_modified", "vintage"),
    [
        ("Wed, 17 Sep 2025 23:30:00 GMT", "2025-09-17"),
        ("Wed, 17 Sep 2025 23:30:00 -0200", "2025-09-18"),
        ("not a date", "2026-02-03"),
        (None, "2026-02-03"),
    ],
)
def test_live_vintage(last_modified, vintage):
    assert live_vintage(last_modified, FIXED_NOW) == vintage


def test_corrupt_manifest_line_is_reported(store):
    manifest = store.manifest_path("cbp_drug_seizures")
    manifest.parent.mkdir(parents=True)
    manifest.write_text('{"source": "cbp_drug_seizures"\n')
    with pytest.raises(ValueError, match=r"manifest.jsonl:1: bad manifest row"):
        store.rows("cbp_drug_seizures")
