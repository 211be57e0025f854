def flatten(items):
    """The items of a list with nested lists, at any depth, in one flat list. Only lists are opened; tuples,
    strings and other values are items."""
    result = []
    for item in items:
        if isinstance(item, list):
            result.extend(item)
        else:
            result.append(item)
    return result
