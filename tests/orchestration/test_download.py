"""The download layer against a real local HTTP server and a directory mirror."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from orchestration.catalog.registry import CBP_DRUG_SEIZURES, CDC_VSRR, Release
from orchestration.ingest.download import (
    DownloadConfig,
    DownloadError,
    FetchResult,
    NotModified,
    check_head,
    fetch,
    redirect_allowed,
    resolve_location,
    skip_reason,
    truncation_reason,
)

CBP = CBP_DRUG_SEIZURES.releases[0]  # nationwide-drugs-fy19-fy22.csv, pinned
CDC_SUBSET = next(r for r in CDC_VSRR.releases if r.official_url is None)
CDC_LIVE = next(r for r in CDC_VSRR.releases if r.vintage == "live")


def at(release: Release, file_name: str, **changes: object) -> Release:
    """``release`` served from another mirror path (the server's special paths)."""
    return dataclasses.replace(release, file_name=file_name, **changes)  # type: ignore[arg-type]


# --- where a release comes from ---------------------------------------------------------


def test_resolve_location_for_each_mode(tmp_path):
    assert resolve_location(CBP, DownloadConfig(mirror=None)) == CBP.official_url
    assert resolve_location(CBP, DownloadConfig(mirror=str(tmp_path))) == str(
        tmp_path / "cbp_drug_seizures" / "nationwide-drugs-fy19-fy22.csv"
    )
    for base in ("http://mirror.test/data", "http://mirror.test/data/"):
        assert (
            resolve_location(CBP, DownloadConfig(mirror=base))
            == "http://mirror.test/data/cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv"
        )


def test_resolve_location_quotes_each_path_segment():
    release = at(CBP, "odd dir/a b#c?.csv")
    url = resolve_location(release, DownloadConfig(mirror="https://mirror.test/"))
    assert url == "https://mirror.test/odd%20dir/a%20b%23c%3F.csv"


def test_unsafe_file_name_is_refused(tmp_path):
    with pytest.raises(DownloadError, match="unsafe file name"):
        resolve_location(at(CBP, "../etc/passwd"), DownloadConfig(mirror=str(tmp_path)))


def test_skip_rule_official_mode_and_mirror_mode(tmp_path):
    official = DownloadConfig(mirror=None)
    mirror = DownloadConfig(mirror=str(tmp_path))
    assert skip_reason(CDC_SUBSET, official) is not None
    assert resolve_location(CDC_SUBSET, official) is None
    assert skip_reason(CDC_LIVE, official) is None
    assert resolve_location(CDC_LIVE, official) == CDC_LIVE.official_url
    assert skip_reason(CDC_LIVE, mirror) is not None
    assert resolve_location(CDC_LIVE, mirror) is None
    assert resolve_location(CDC_SUBSET, mirror) == str(tmp_path / CDC_SUBSET.file_name)


def test_fetch_of_a_skipped_release_raises_without_network(tmp_path):
    with pytest.raises(DownloadError, match="mirror-only"):
        fetch(CDC_SUBSET, DownloadConfig(mirror=None), tmp_path / "x.part")


def test_config_rejects_nonsense():
    with pytest.raises(ValueError):
        DownloadConfig(mirror=None, attempts=0)
    with pytest.raises(ValueError):
        DownloadConfig(mirror="https://mirror.test/data?token=1")


# --- success ----------------------------------------------------------------------------


def test_fetch_real_cbp_file_over_http_matches_catalog_pin(
    http_server, shared_data, make_config, tmp_path
):
    dest = tmp_path / "download.part"
    result = fetch(CBP, make_config(http_server.base_url), dest)
    assert isinstance(result, FetchResult)
    assert result.sha256 == CBP.sha256
    assert result.bytes == (shared_data / CBP.file_name).stat().st_size == dest.stat().st_size
    assert result.location == http_server.url(CBP.file_name)
    assert result.etag and result.last_modified
    assert result.content_type and result.content_type.startswith("text/csv")


def test_fetch_from_directory_mirror_copies_the_file(shared_data, make_config, tmp_path):
    dest = tmp_path / "copy.part"
    result = fetch(CBP, make_config(str(shared_data)), dest)
    assert isinstance(result, FetchResult)
    assert result.sha256 == CBP.sha256
    assert result.location == str(shared_data / CBP.file_name)
    assert dest.read_bytes() == (shared_data / CBP.file_name).read_bytes()


def test_directory_mirror_missing_file(make_config, tmp_path):
    dest = tmp_path / "copy.part"
    with pytest.raises(DownloadError) as err:
        fetch(CBP, make_config(str(tmp_path / "mirror")), dest)
    assert str(err.value) == (
        f"{CBP.file_name} from {tmp_path / 'mirror' / CBP.file_name}: not found in mirror"
    )
    assert not dest.exists()


def test_http_redirect_is_followed(http_server, make_config, tmp_path):
    release = at(CBP, f"_special/redirect/{CBP.file_name}")
    result = fetch(release, make_config(http_server.base_url), tmp_path / "d.part")
    assert isinstance(result, FetchResult)
    assert result.sha256 == CBP.sha256
    assert result.location == http_server.url(CBP.file_name)


# --- HTTP errors and retries ------------------------------------------------------------


def test_404_is_not_retried(http_server, make_config, tmp_path):
    release = at(CBP, "_special/404/x.csv")
    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError) as err:
        fetch(release, make_config(http_server.base_url, attempts=4), dest)
    url = http_server.url("_special/404/x.csv")
    assert str(err.value) == f"_special/404/x.csv from {url}: HTTP 404 Not Found"
    assert http_server.state.hits["/_special/404/x.csv"] == 1
    assert not dest.exists()


@pytest.mark.parametrize("status", [500, 429])
def test_5xx_and_429_are_retried_then_succeed(status, http_server, make_config, tmp_path):
    path = f"_special/flaky-{status}/{CBP.file_name}"
    result = fetch(at(CBP, path), make_config(http_server.base_url), tmp_path / "d.part")
    assert isinstance(result, FetchResult)
    assert result.sha256 == CBP.sha256
    assert http_server.statuses("/" + path) == [status, 200]


def test_persistent_500_gives_up_after_all_attempts(http_server, make_config, tmp_path):
    release = at(CBP, "_special/always-500/x.csv")
    with pytest.raises(DownloadError, match=r"HTTP 500 .*gave up after 3 attempts"):
        fetch(release, make_config(http_server.base_url, attempts=3), tmp_path / "d.part")
    assert http_server.state.hits["/_special/always-500/x.csv"] == 3


def test_timeout_is_retried_then_reported(http_server, make_config, tmp_path):
    http_server.state.slow_s = 1.0
    release = at(CBP, f"_special/slow/{CBP.file_name}")
    config = make_config(http_server.base_url, timeout_s=0.2, attempts=2)
    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError) as err:
        fetch(release, config, dest)
    message = str(err.value)
    assert message.startswith(f"{release.file_name} from {http_server.url(release.file_name)}: ")
    assert "timed out after 0.2 s" in message
    assert "gave up after 2 attempts" in message
    assert http_server.state.hits[f"/{release.file_name}"] == 2
    assert not dest.exists()


# --- bodies that are not what was asked for ---------------------------------------------


def test_html_page_instead_of_csv(http_server, make_config, tmp_path):
    release = at(CBP, "_special/html/x.csv")
    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError) as err:
        fetch(release, make_config(http_server.base_url), dest)
    assert str(err.value) == (
        f"_special/html/x.csv from {http_server.url('_special/html/x.csv')}: "
        "got an HTML page where CSV was expected"
    )
    assert http_server.state.hits["/_special/html/x.csv"] == 1  # not retried
    assert not dest.exists()


def test_html_body_is_sniffed_even_with_a_csv_content_type(http_server, make_config, tmp_path):
    http_server.state.files["/portal/data.csv"] = b"\xef\xbb\xbf\n  <!doctype HTML><html></html>"
    release = at(CBP, "portal/data.csv")
    with pytest.raises(DownloadError, match="got an HTML page where CSV was expected"):
        fetch(release, make_config(http_server.base_url), tmp_path / "d.part")
    assert http_server.statuses("/portal/data.csv") == [200]


def test_truncated_body_is_refused(http_server, make_config, tmp_path):
    release = at(CBP, f"_special/truncated/{CBP.file_name}")
    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError) as err:
        fetch(release, make_config(http_server.base_url, attempts=2), dest)
    full = (http_server.state.root / CBP.file_name).stat().st_size
    assert "truncated body" in str(err.value)
    assert f"of {full} bytes" in str(err.value)
    assert http_server.state.hits[f"/{release.file_name}"] == 2  # a network error: retried
    assert not dest.exists()


def test_truncation_is_detected_without_a_transport_error(make_config, tmp_path):
    """A transport that ends the body early without raising is caught by the byte count."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "1000"}, content=b"a,b\n1,2\n")

    release = at(CBP, "x.csv")
    with pytest.raises(DownloadError, match=r"truncated body: received 8 of 1000 bytes"):
        fetch(
            release,
            make_config("https://mirror.test", attempts=1),
            tmp_path / "d.part",
            transport=httpx.MockTransport(handler),
        )
    assert truncation_reason(8, 1000) is not None
    assert truncation_reason(1000, 1000) is None
    assert truncation_reason(8, None) is None


def test_empty_body_is_refused(http_server, make_config, tmp_path):
    http_server.state.files["/empty.csv"] = b""
    with pytest.raises(DownloadError, match="empty body"):
        fetch(at(CBP, "empty.csv"), make_config(http_server.base_url), tmp_path / "d.part")


def test_body_over_max_bytes_is_aborted_while_streaming(http_server, make_config, tmp_path):
    release = at(CBP, f"_special/no-length/{CBP.file_name}")
    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError, match=r"body exceeds max_bytes=100000; download aborted"):
        fetch(release, make_config(http_server.base_url, max_bytes=100_000), dest)
    assert not dest.exists()


def test_content_length_over_max_bytes_is_refused_before_reading(
    http_server, make_config, tmp_path
):
    with pytest.raises(DownloadError, match=r"Content-Length 1075002 exceeds max_bytes=1000"):
        fetch(CBP, make_config(http_server.base_url, max_bytes=1000), tmp_path / "d.part")


@pytest.mark.parametrize(
    ("kind", "head", "content_type", "problem"),
    [
        ("csv", b"a,b\n1,2\n", "text/csv", None),
        ("csv", b"a,b\n1,2\n", "text/html; charset=utf-8", "HTML page where CSV"),
        ("csv", b"  \r\n<HTML lang=en>", None, "HTML page where CSV"),
        ("json", b'\xef\xbb\xbf {"a": 1}', "application/json", None),
        ("json", b"[1, 2]", None, None),
        ("json", b"<!DOCTYPE html>", None, "HTML page where JSON"),
        ("json", b"a,b\n", None, "where JSON was expected"),
        ("gzip", b"\x1f\x8b\x08\x00", None, None),
        ("gzip", b"a,b\n", None, "gzip magic"),
        ("xlsx", b"PK\x03\x04\x14\x00", None, None),
        ("xlsx", b"<!doctype html>", None, "not a zip archive"),
        ("parquet", b"PAR1", None, "unknown release kind"),
    ],
)
def test_check_head(kind, head, content_type, problem):
    reason = check_head(kind, head, content_type)
    if problem is None:
        assert reason is None
    else:
        assert reason is not None and problem in reason


def test_wrong_kind_from_directory_mirror(tmp_path, make_config):
    mirror = tmp_path / "mirror"
    (mirror / "atf").mkdir(parents=True)
    (mirror / "atf" / "t.xlsx").write_bytes(b"a,b\n1,2\n")
    release = at(CBP, "atf/t.xlsx", kind="xlsx")
    with pytest.raises(DownloadError, match="not a zip archive"):
        fetch(release, make_config(str(mirror)), tmp_path / "d.part")


# --- conditional requests ---------------------------------------------------------------


def test_conditional_request_gets_not_modified(http_server, make_config, tmp_path):
    config = make_config(http_server.base_url)
    first = fetch(CBP, config, tmp_path / "first.part")
    assert isinstance(first, FetchResult)
    dest = tmp_path / "second.part"
    second = fetch(CBP, config, dest, etag=first.etag, last_modified=first.last_modified)
    assert isinstance(second, NotModified)
    assert not dest.exists()
    last = http_server.state.seen[-1]
    assert last.status == 304
    assert last.headers["if-none-match"] == first.etag
    assert last.headers["if-modified-since"] == first.last_modified


def test_changed_file_is_downloaded_despite_conditional_headers(http_server, make_config, tmp_path):
    http_server.state.files["/v/data.csv"] = b"a,b\n1,2\n"
    config = make_config(http_server.base_url)
    release = at(CBP, "v/data.csv")
    first = fetch(release, config, tmp_path / "1.part")
    http_server.state.files["/v/data.csv"] = b"a,b\n1,3\n"
    second = fetch(release, config, tmp_path / "2.part", etag=first.etag)
    assert isinstance(first, FetchResult) and isinstance(second, FetchResult)
    assert second.sha256 != first.sha256
    assert http_server.statuses("/v/data.csv") == [200, 200]


# --- redirects and schemes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "target", "allowed"),
    [
        ("https://a.gov/x.csv", "https://b.gov/x.csv", True),
        ("https://a.gov/x.csv", "http://a.gov/x.csv", False),
        ("HTTPS://a.gov/x.csv", "HTTP://a.gov/x.csv", False),
        ("http://a.gov/x.csv", "http://b.gov/x.csv", True),
        ("http://a.gov/x.csv", "https://a.gov/x.csv", True),
        ("https://a.gov/x.csv", "ftp://a.gov/x.csv", False),
        ("http://a.gov/x.csv", "file:///etc/passwd", False),
    ],
)
def test_redirect_policy(original, target, allowed):
    assert redirect_allowed(original, target) is allowed


def test_https_to_http_redirect_is_refused_before_following(make_config, tmp_path):
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://mirror.test/x.csv"})
        return httpx.Response(200, content=b"a,b\n1,2\n")

    dest = tmp_path / "d.part"
    with pytest.raises(DownloadError, match=r"refused redirect to http://mirror\.test/x\.csv"):
        fetch(
            at(CBP, "x.csv"),
            make_config("https://mirror.test"),
            dest,
            transport=httpx.MockTransport(handler),
        )
    assert requested == ["https://mirror.test/x.csv"]
    assert not dest.exists()


def test_only_http_and_https_urls_are_fetched(make_config, tmp_path):
    release = dataclasses.replace(CDC_LIVE, official_url="ftp://ftp.cdc.gov/x.csv")
    with pytest.raises(DownloadError, match="only http and https URLs"):
        fetch(release, make_config(None), tmp_path / "d.part")
