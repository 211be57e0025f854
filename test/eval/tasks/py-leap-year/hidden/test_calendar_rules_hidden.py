import unittest

from calendar_rules import is_leap_year


class LeapYearHiddenTest(unittest.TestCase):
    def test_centuries_are_not_leap_years(self):
        self.assertFalse(is_leap_year(1900))
        self.assertFalse(is_leap_year(2100))

    def test_every_fourth_century_is(self):
        self.assertTrue(is_leap_year(2000))
        self.assertTrue(is_leap_year(1600))

    def test_ordinary_years(self):
        self.assertTrue(is_leap_year(2024))
        self.assertFalse(is_leap_year(2023))


if __name__ == "__main__":
    unittest.main()
