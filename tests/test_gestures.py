from acier.kiosk.gestures import Drag, DragStart, PointerTracker, Release, Tap


def test_tap_within_slop():
    p = PointerTracker(slop=14)
    assert p.down("f", 100, 100, 0.0) == []
    assert p.move("f", 105, 103, 0.05) == []
    assert p.up("f", 106, 104, 0.1) == [Tap(100, 100)]
    assert not p.active


def test_long_press_is_not_a_tap():
    p = PointerTracker()
    p.down("f", 10, 10, 0.0)
    assert p.up("f", 10, 10, 2.0) == []


def test_drag_reports_every_pixel_once_and_release_velocity():
    p = PointerTracker(slop=10)
    p.down("f", 500, 300, 0.0)
    out = []
    for i in range(1, 11):
        out += p.move("f", 500 - 20 * i, 300, i / 60)
    out += p.up("f", 300, 300, 11 / 60)
    assert isinstance(out[0], DragStart)
    assert sum(g.dx for g in out if isinstance(g, Drag)) == -200
    release = out[-1]
    assert isinstance(release, Release)
    assert release.total_dx == -200
    assert -1300 < release.vx < -1100  # 20 px per 1/60 s = 1200 px/s


def test_second_pointer_is_ignored_while_the_first_is_down():
    p = PointerTracker()
    p.down("a", 0, 0, 0)
    assert p.down("b", 50, 50, 0.01) == []
    assert p.move("b", 300, 50, 0.02) == []
    assert p.up("b", 300, 50, 0.03) == []
    assert p.up("a", 0, 0, 0.1) == [Tap(0, 0)]


def test_cancel_forgets_the_pointer():
    p = PointerTracker()
    p.down("a", 0, 0, 0)
    p.cancel()
    assert p.up("a", 0, 0, 0.1) == []
    assert not p.active
