import unittest

from in_place_sorter import sort_in_place


class InPlaceSorterTest(unittest.TestCase):
    def test_sorts_the_list_itself(self):
        items = [3, 1, 2]
        self.assertIsNone(sort_in_place(items))
        self.assertEqual(items, [1, 2, 3])
