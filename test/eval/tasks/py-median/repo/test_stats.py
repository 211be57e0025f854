import unittest

from stats import median


class MedianTest(unittest.TestCase):
    def test_an_even_count_takes_the_mean_of_the_middle_two(self):
        self.assertEqual(median([4, 1, 3, 2]), 2.5)


if __name__ == "__main__":
    unittest.main()
