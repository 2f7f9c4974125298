"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from kvstore import KVStore


def test_set_then_get():
    s = KVStore()
    s.set("user:1", "alice")
    assert s.get("user:1") == "alice"
