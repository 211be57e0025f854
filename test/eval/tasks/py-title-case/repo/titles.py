SMALL_WORDS = {"a", "an", "and", "at", "but", "for", "in", "of", "on", "or", "the", "to"}


def title_case(text):
    """A title in title case: every word capitalised and the rest of it lower case, except the small words
    (SMALL_WORDS), which stay lower case unless they come first. Words are separated by whitespace; the result
    joins them with single spaces."""
    raise NotImplementedError("title_case")
