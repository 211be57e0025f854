import unittest

from nesting import flatten


class FlattenTest(unittest.TestCase):
    def test_lists_nested_deeply_are_opened(self):
        self.assertEqual(flatten([1, [2, [3, [4]]]]), [1, 2, 3, 4])


if __name__ == "__main__":
    unittest.main()
