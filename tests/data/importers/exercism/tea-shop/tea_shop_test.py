import unittest

import pytest

try:
    from tea_shop import STEEP_MINUTES, cups_in_pot, order_total, steep_time
except ImportError as import_fail:
    message = import_fail.args[0].split("(", maxsplit=1)[0]
    raise ImportError(f"tea_shop.py is missing something: {message}") from None


MENU = {"green": 2.5, "black": 2.25, "scone": 3.1}


class TeaShopTest(unittest.TestCase):

    @pytest.mark.task(taskno=1)
    def test_steep_minutes_constant(self):
        self.assertEqual(STEEP_MINUTES, {"green": 2, "black": 4, "herbal": 6})

    @pytest.mark.task(taskno=1)
    def test_steep_time(self):
        for tea, minutes in [("green", 2), ("black", 4), ("herbal", 6)]:
            with self.subTest(tea=tea):
                self.assertEqual(steep_time(tea), minutes)

    @pytest.mark.task(taskno=2)
    def test_cups_exact(self):
        self.assertEqual(cups_in_pot(600, 200), 3)

    @pytest.mark.task(taskno=2)
    def test_cups_round_down(self):
        result = cups_in_pot(650, 200)
        self.assertIs(type(result), int)
        self.assertEqual(result, 3)

    def helper_total(self, items):
        return order_total(MENU, items)

    @pytest.mark.task(taskno=3)
    def test_empty_order(self):
        self.assertEqual(self.helper_total([]), 0)

    @pytest.mark.task(taskno=3)
    def test_order_total(self):
        self.assertEqual(self.helper_total(["green", "scone", "black"]), 7.85)
