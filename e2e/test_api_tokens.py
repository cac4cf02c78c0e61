"""A user creates a personal API token on their settings page, uses it, and revokes it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit
from samverkan.demo import loader

pytestmark = pytest.mark.e2e


def _me(base_url: str, token: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - the live server on loopback
        f"{base_url}/api/v1/me/", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            assert json.load(response)["username"] == "demo"
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_token_is_created_shown_once_used_and_revoked(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    log_in(page, base, "demo")
    follow(page, page.get_by_role("link", name="Settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your settings")

    page.locator("#id_name").fill("Diarium")
    submit(page)
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("svk_")
    assert _me(base, token) == 200

    follow(page, page.get_by_role("link", name="Settings"))
    expect(page.locator("main")).not_to_contain_text(token)
    expect(page.locator("main table")).to_contain_text(token[:12])

    with page.expect_navigation():
        page.get_by_role("button", name="Revoke Diarium").click()
    expect(page.get_by_role("status")).to_contain_text("The token was revoked.")
    expect(page.locator("main table")).to_contain_text("Revoked")
    assert _me(base, token) == 401
