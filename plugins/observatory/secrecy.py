"""Statistical secrecy of the consolidated figures: no published number lets anyone work out one organisation's figures.

The thresholds are the French rule for business statistics ("règle des 3 et
85 %" of the secret statistique, loi n° 51-711 du 7 juin 1951, as applied by
the Comité du secret statistique): a cell is published only if at least
``MIN_ORGANISATIONS`` organisations contribute to it and none of them
accounts for more than ``DOMINANCE`` of any of its figures (primary
suppression). Then every additive line of the table (departments → region,
regions → country, kinds → all kinds, checkpoints → the year) must hide either
none or at least two of its terms, its total included: one hidden term alone
would be the total minus the others, and several lines crossing each other can
be combined: so a line touched by a hidden term hides all its members
(secondary suppression against differencing, see :func:`suppress`).

A reader's own organisations (``private``) are no secret to him: a cell made
of them alone is published, and they do not count towards the two other
contributors a cell needs once the reader subtracts his own share.

What one person sees is one table, whatever his number of roles: the cube of
the union of his reaches, the national figures every professional sees, and
the figures outside his reach that follow by subtraction (national minus his
own total). All are suppressed together, so no two of his views can be
differenced into one organisation's figures (``consolidation.consolidate``).
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


def suppress(cells, lines, private=frozenset(), known=frozenset(), secret=frozenset()):
    """The set of keys of ``cells`` to hide.

    ``cells``: key → contributions (absent keys are empty cells, known zeros);
    ``lines``: ``(total_key, member_keys)`` pairs. A line holding a hidden
    term hides all its members (and its total when that leaves a single
    hidden term), and so on across the other lines those members belong to.
    Hiding one complement per line is not enough: in a cube crossed by
    territory, kind and checkpoint, published totals of several lines can
    be combined into a hidden cell.

    ``known`` are cells the reader holds whatever this table hides (the
    national figures published to every professional); with his own
    organisations' cells and whatever follows from them alone (a line with
    one unknown term), they are never hidden, and a line leans on them
    instead. ``secret`` are cells hidden elsewhere (a national figure kept
    secret for everyone). ``tests/plugins/observatory/test_secrecy.py``
    proves, by the rank of the published equations, that no organisation's
    figures follow from what a person sees, all his levels together.
    """
    present = [(total, tuple(m for m in members if m in cells)) for total, members in lines if total in cells]
    own = {key for key, contributions in cells.items() if contributions and set(contributions) <= private}
    known = _derivable(set(known) & cells.keys() | own, present)
    hidden = {key for key, contributions in cells.items() if key not in known and sensitive(contributions, private)}
    hidden |= set(secret) & cells.keys() - known
    changed = bool(hidden)
    while changed:
        changed = False
        for total, members in present:
            terms = (total, *members)
            if not any(t in hidden for t in terms):
                continue
            newly = [m for m in members if m not in hidden and m not in known]
            if sum(t in hidden for t in terms) + len(newly) == 1 and total not in hidden and total not in known:
                newly.append(total)
            if newly:
                hidden.update(newly)
                changed = True
    return hidden


def _derivable(known, lines):
    """``known`` and every cell that follows from it alone: the one unknown term of a line whose other terms are known.

    A work list: each line counts its unknown terms, and a newly known cell
    only revisits the lines it belongs to.
    """
    terms = [(total, *members) for total, members in lines]
    lines_of = {}
    for index, line in enumerate(terms):
        for term in line:
            lines_of.setdefault(term, []).append(index)
    unknown = [sum(term not in known for term in line) for line in terms]
    pending = [index for index, count in enumerate(unknown) if count == 1]
    while pending:
        index = pending.pop()
        left = [term for term in terms[index] if term not in known]
        if len(left) != 1:
            continue
        known.add(left[0])
        for other in lines_of[left[0]]:
            unknown[other] -= 1
            if unknown[other] == 1:
                pending.append(other)
    return known
