import pytest

from .helpers import env_for, run


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An SQLite data directory migrated once by `skillsnet migrate` (copied by each test that needs one)."""
    data_dir = tmp_path_factory.mktemp("migrated")
    run(["migrate", "--noinput", "-v", "0"], env_for(data_dir))
    return data_dir
