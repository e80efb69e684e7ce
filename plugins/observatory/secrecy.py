"""Statistical secrecy of the consolidated figures: no published number lets anyone work out one organisation's figures.

The thresholds are the French rule for business statistics ("règle des 3 et
85 %" of the secret statistique, loi n° 51-711 du 7 juin 1951, as applied by
the Comité du secret statistique): a cell is published only if at least
``MIN_ORGANISATIONS`` organisations contribute to it and none of them
accounts for more than ``DOMINANCE`` of any of its figures (primary
suppression). Then every additive line of the table (departments → region,
regions → country, kinds → all kinds, checkpoints → the year) must hide either
none or at least two of its terms, its total included: one hidden term alone
would be the total minus the others (secondary suppression, by differencing).

A reader's own organisations (``private``) are no secret to him: a cell made
of them alone is published, and they do not count towards the two other
contributors a cell needs once the reader subtracts his own share.
"""

MIN_ORGANISATIONS = 3
DOMINANCE = 0.85


def sensitive(contributions, private=frozenset()):
    """``contributions``: ``{organisation_id: figures}``; True when the cell may not be published."""
    others = [org for org in contributions if org not in private]
    if not others:
        return False
    if len(contributions) < MIN_ORGANISATIONS or len(others) < 2:
        return True
    for column in zip(*contributions.values()):
        total = sum(column)
        if total and max(column) > DOMINANCE * total:
            return True
    return False


def suppress(cells, lines, private=frozenset()):
    """The set of keys of ``cells`` to hide.

    ``cells``: key → contributions (absent keys are empty cells, known zeros);
    ``lines``: ``(total_key, member_keys)`` pairs. The complement hidden in a
    line with a single hidden term is its smallest non-empty published
    member (fewest organisations, then smallest first figure), else its total.
    """
    hidden = {key for key, contributions in cells.items() if sensitive(contributions, private)}
    present = [(total, [m for m in members if m in cells]) for total, members in lines if total in cells]
    changed = bool(hidden)
    while changed:
        changed = False
        for total, members in present:
            terms = [total, *members]
            if sum(1 for t in terms if t in hidden) != 1:
                continue
            candidates = [m for m in members if m not in hidden] or [total]
            hidden.add(min(candidates, key=lambda k: (len(cells[k]), _first_figure(cells[k]), str(k))))
            changed = True
    return hidden


def _first_figure(contributions):
    return sum(figures[0] for figures in contributions.values())
