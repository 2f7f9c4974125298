import sub


def test_target():
    result = sub.target()
    assert type(result) is int and result == 42, f"target() returned {result!r}"


def test_module_loads():
    assert callable(getattr(sub, "target", None))
