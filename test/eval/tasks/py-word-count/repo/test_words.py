import unittest

from words import word_counts


class WordCountsTest(unittest.TestCase):
    def test_case_and_punctuation_do_not_make_new_words(self):
        self.assertEqual(word_counts("The cat and the hat."), {"the": 2, "cat": 1, "and": 1, "hat": 1})


if __name__ == "__main__":
    unittest.main()
