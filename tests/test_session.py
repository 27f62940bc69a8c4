from acier.kiosk.session import VisitorSession


def test_session_expires_after_timeout_and_dwell_excludes_the_wait():
    s = VisitorSession(idle_timeout_s=90)
    s.start(100.0)
    s.touched(130.0)
    assert not s.expired(219.9)
    assert s.expired(220.0)
    assert s.end() == 30.0
    assert not s.active
    assert not s.expired(1000.0)


def test_hold_keeps_a_session_alive():
    s = VisitorSession(idle_timeout_s=10)
    s.start(0.0)
    for t in range(1, 60):
        s.hold(float(t))
    assert not s.expired(60.0)
