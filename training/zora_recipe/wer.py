"""Word error counting, shared by the recipe's evaluation and bench/rest_wer.py (no torch needed)."""


def edit_distance(a, b):
    """Levenshtein distance between two word lists: substitutions, insertions and deletions."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]
