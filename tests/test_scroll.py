import itertools

from acier.kiosk.scroll import KineticScroll

SNAPS = [i * 400.0 for i in range(50)]


def settle(scroll: KineticScroll, seconds: float = 5.0, dt: float = 1 / 60) -> list[float]:
    path = []
    for _ in range(int(seconds / dt)):
        scroll.step(dt)
        path.append(scroll.offset)
    return path


def test_drag_follows_the_finger_exactly():
    s = KineticScroll(SNAPS)
    s.scroll_to_index(10, instant=True)
    s.begin_drag()
    s.drag_by(-130)
    assert s.offset == 4000 + 130


def test_fling_glides_and_lands_on_an_entry_in_its_direction():
    s = KineticScroll(SNAPS)
    s.scroll_to_index(5, instant=True)
    s.begin_drag()
    s.drag_by(-50)
    s.release(-3000)  # finger moving left fast: content moves forward in time
    path = settle(s)
    assert s.settled
    assert s.offset in SNAPS
    assert s.offset > 2000 + 50 + 400  # travelled several entries
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(path))  # no backwards jump


def test_slow_release_snaps_to_nearest_entry():
    s = KineticScroll(SNAPS)
    s.scroll_to_index(5, instant=True)
    s.begin_drag()
    s.drag_by(-150)
    s.release(0)
    settle(s)
    assert s.offset == 2000
    s.begin_drag()
    s.drag_by(-250)
    s.release(0)
    settle(s)
    assert s.offset == 2400


def test_rubber_band_resists_and_springs_back_at_both_ends():
    s = KineticScroll(SNAPS)
    s.begin_drag()
    s.drag_by(300)  # pull the first entry to the right
    assert -300 < s.offset < 0
    s.release(0)
    settle(s)
    assert s.offset == SNAPS[0]
    s.scroll_to_index(len(SNAPS) - 1, instant=True)
    s.begin_drag()
    s.drag_by(-300)
    assert SNAPS[-1] < s.offset < SNAPS[-1] + 300
    s.release(-5000)
    settle(s)
    assert s.offset == SNAPS[-1]


def test_fling_never_overshoots_the_ends():
    s = KineticScroll(SNAPS)
    s.scroll_to_index(45, instant=True)
    s.begin_drag()
    s.release(-100000)
    path = settle(s)
    assert max(path) <= SNAPS[-1]
    assert s.offset == SNAPS[-1]


def test_touch_stops_a_glide_at_once():
    s = KineticScroll(SNAPS)
    s.begin_drag()
    s.release(-4000)
    settle(s, 0.1)
    assert s.velocity > 0
    where = s.offset
    s.begin_drag()
    assert s.velocity == 0
    s.step(0.1)
    assert s.offset == where
