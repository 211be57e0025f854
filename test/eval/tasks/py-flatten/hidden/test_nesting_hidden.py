import unittest

from nesting import flatten


class FlattenHiddenTest(unittest.TestCase):
    def test_deep_nesting(self):
        self.assertEqual(flatten([1, [2, [3, [4]]]]), [1, 2, 3, 4])

    def test_empty_lists_vanish(self):
        self.assertEqual(flatten([]), [])
        self.assertEqual(flatten([[[]], []]), [])

    def test_tuples_and_strings_are_items(self):
        self.assertEqual(flatten([(1, 2), ["ab", ["c"]]]), [(1, 2), "ab", "c"])


if __name__ == "__main__":
    unittest.main()
