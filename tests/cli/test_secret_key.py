"""The session-signing key kept in the data dir when SECRET_KEY is unset."""
from __future__ import annotations

import os
import stat

from webapp.platform import config


def test_the_key_file_is_created_for_its_owner_only_even_under_a_lax_umask(tmp_path, monkeypatch):
    monkeypatch.setenv("MLMCRM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    old = os.umask(0)
    try:
        key = config.secret_key()
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert len(key) >= 40 and config.secret_key() == key  # kept: sessions survive a restart


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("MLMCRM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.secret_key() == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
