import unittest

from titles import title_case


class TitleCaseTest(unittest.TestCase):
    def test_small_words_stay_lower_case(self):
        self.assertEqual(title_case("the lord of the rings"), "The Lord of the Rings")


if __name__ == "__main__":
    unittest.main()
