import unittest

from titles import title_case


class TitleCaseHiddenTest(unittest.TestCase):
    def test_small_words(self):
        self.assertEqual(title_case("the lord of the rings"), "The Lord of the Rings")
        self.assertEqual(title_case("war and peace"), "War and Peace")

    def test_a_small_word_first_is_capitalised(self):
        self.assertEqual(title_case("of mice and men"), "Of Mice and Men")

    def test_capitals_are_lowered(self):
        self.assertEqual(title_case("A TALE OF TWO CITIES"), "A Tale of Two Cities")

    def test_whitespace(self):
        self.assertEqual(title_case("  brave   new world "), "Brave New World")
        self.assertEqual(title_case(""), "")


if __name__ == "__main__":
    unittest.main()
