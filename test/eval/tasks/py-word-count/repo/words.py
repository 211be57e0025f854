def word_counts(text):
    """How often each word occurs in `text`, case-insensitively. A word is a run of letters, digits and
    apostrophes; everything else (punctuation, any whitespace) separates words."""
    counts = {}
    for word in text.split(" "):
        counts[word] = counts.get(word, 0) + 1
    return counts
