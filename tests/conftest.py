"""Every test runs headless: SDL's dummy video and audio drivers, set before pygame loads."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
