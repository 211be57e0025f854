import unittest

from stats import median


class MedianHiddenTest(unittest.TestCase):
    def test_even_count(self):
        self.assertEqual(median([4, 1, 3, 2]), 2.5)
        self.assertEqual(median([1, 2, 3, 4, 5, 6]), 3.5)

    def test_odd_count(self):
        self.assertEqual(median([3, 1, 2]), 2)
        self.assertEqual(median([5]), 5)

    def test_the_input_is_not_reordered(self):
        values = [3, 1, 2]
        median(values)
        self.assertEqual(values, [3, 1, 2])

    def test_an_empty_list_raises(self):
        with self.assertRaises(ValueError):
            median([])


if __name__ == "__main__":
    unittest.main()
