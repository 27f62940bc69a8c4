"""Every test runs headless: SDL's dummy video and audio drivers, set before pygame loads."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pytest

from acier.broker import mosquitto_binary, start_broker


@pytest.fixture(scope="session")
def mosquitto(tmp_path_factory):
    """A private Mosquitto for the whole session; tests keep apart by using their own site."""
    if mosquitto_binary() is None:
        pytest.skip("Mosquitto is not installed (Debian: apt-get install mosquitto)")
    broker = start_broker(tmp_path_factory.mktemp("broker"), prefer="mosquitto")
    yield broker
    broker.stop()


@pytest.fixture
def fresh_broker(tmp_path):
    """A broker of this test's own, for tests that stop, restart or kill it."""
    if mosquitto_binary() is None:
        pytest.skip("Mosquitto is not installed (Debian: apt-get install mosquitto)")
    broker = start_broker(tmp_path / "broker", prefer="mosquitto")
    yield broker
    broker.kill()
