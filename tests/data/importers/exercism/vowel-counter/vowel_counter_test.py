import unittest

from vowel_counter import count_vowels


class VowelCounterTest(unittest.TestCase):
    def test_empty_text(self):
        self.assertIs(type(count_vowels("")), int)
        self.assertEqual(count_vowels(""), 0)

    def test_no_vowels(self):
        self.assertEqual(count_vowels("rhythm"), 0)

    def test_lower_case(self):
        self.assertEqual(count_vowels("banana"), 3)

    def test_mixed_case(self):
        self.assertEqual(count_vowels("AbstrAct Idea"), 5)


if __name__ == "__main__":
    unittest.main()
