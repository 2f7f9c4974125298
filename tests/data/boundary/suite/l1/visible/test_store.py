import pytest

from store import Store, StoreError, lookup


def test_get():
    s = Store()
    s.set("a", 1)
    assert s.get("a") == 1


def test_lookup():
    assert lookup("k") == "value-k"


def test_items():
    s = Store()
    s.set("a", 1)
    assert s.items() == [("a", 1)]


def test_missing_raises():
    with pytest.raises(StoreError):
        Store().must("nope")
