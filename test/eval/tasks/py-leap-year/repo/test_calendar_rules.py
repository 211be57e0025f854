import unittest

from calendar_rules import is_leap_year


class LeapYearTest(unittest.TestCase):
    def test_1900_was_not_a_leap_year(self):
        self.assertFalse(is_leap_year(1900))


if __name__ == "__main__":
    unittest.main()
