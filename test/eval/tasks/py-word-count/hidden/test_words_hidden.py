import unittest

from words import word_counts


class WordCountsHiddenTest(unittest.TestCase):
    def test_case_and_punctuation(self):
        self.assertEqual(word_counts("The cat and the hat."), {"the": 2, "cat": 1, "and": 1, "hat": 1})

    def test_any_whitespace_separates(self):
        self.assertEqual(word_counts("Hello,   hello\nHELLO!"), {"hello": 3})

    def test_apostrophes_stay_in_words(self):
        self.assertEqual(word_counts("it's it's"), {"it's": 2})

    def test_empty_text_has_no_words(self):
        self.assertEqual(word_counts(""), {})
        self.assertEqual(word_counts("  ...  "), {})


if __name__ == "__main__":
    unittest.main()
