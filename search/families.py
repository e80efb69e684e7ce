"""French word families: a verb and the noun made from it (and a few nouns and their adjectives), which the
Snowball stemmer leaves apart.

Snowball strips inflections, not derivations: « radier » stems to ``radi``
and « radiation » to ``radiat``, « démolir » and « démolition », « louer » and
« location » never meet. A counter agent types the verb (« radier une
demande ») where the page has the noun, or the reverse. This table of suffix
rules, with the irregular pairs and the false friends written out, gives the
other members of a typed word's family; the query plan adds them as weaker
alternatives, so both engines render them the same way. Words are folded
(lowercase, no accents), as :func:`search.analysis.fold` gives them.
"""

#: (verb ending, noun ending), most specific first: the root is what precedes the ending.
SUFFIX_RULES = (
    ("ifier", "ification"),   # modifier, notifier, justifier, vérifier, simplifier
    ("uire", "uction"),       # instruire, construire, réduire, produire, détruire
    ("crire", "cription"),    # inscrire, prescrire, souscrire, décrire
    ("mettre", "mission"),    # transmettre, admettre, soumettre, émettre
    ("oudre", "olution"),     # résoudre, dissoudre
    ("endre", "ension"),      # suspendre
    ("oser", "osition"),      # proposer, composer, opposer
    ("olir", "olition"),      # démolir, abolir
    ("ier", "iation"),        # radier, résilier, négocier, apprécier
    ("uer", "uation"),        # évaluer, situer, perpétuer
    ("iser", "isation"),      # géolocaliser, régulariser
    ("er", "ation"),          # muter, coter, noter, rénover, isoler
    ("ter", "tion"),          # préempter, inspecter, exécuter (after a consonant or « u », see below)
    ("gner", "gnature"),      # signer
    ("er", "ement"),          # ravaler, raccorder, rembourser
    ("er", "age"),            # chauffer, nettoyer, stocker
    ("ir", "issement"),       # assainir, investir, établir
    ("ir", "ition"),          # démolir (via « olir »), définir
    ("ement", "emental"),     # nouns and their adjectives: département, gouvernement
    ("ion", "ional"),         # région, nation (but see FALSE_FRIENDS)
    ("une", "unal"),          # commune
)

#: Pairs no suffix rule gives; each side finds the other.
IRREGULAR = {
    "deposer": ("depot",), "louer": ("location",), "vendre": ("vente",), "acheter": ("achat",),
    "recevoir": ("reception",), "choisir": ("choix",), "payer": ("paiement",), "employer": ("emploi",),
    "accueillir": ("accueil",), "appeler": ("appel",), "rappeler": ("rappel",), "conclure": ("conclusion",),
    "exclure": ("exclusion",), "inclure": ("inclusion",), "ouvrir": ("ouverture",), "couvrir": ("couverture",),
    "decider": ("decision",), "diviser": ("division",), "prendre": ("prise",), "reprendre": ("reprise",),
    "acceder": ("acces",), "ceder": ("cession",), "succeder": ("succession",), "proceder": ("procedure",),
    "resider": ("residence",), "heriter": ("heritage",), "batir": ("batiment",), "fermer": ("fermeture",),
    "entretenir": ("entretien",), "obtenir": ("obtention",), "detenir": ("detention",), "retenir": ("retenue",),
    "percevoir": ("perception",), "concevoir": ("conception",), "garantir": ("garantie",), "sortir": ("sortie",),
    "partir": ("depart",), "expulser": ("expulsion",), "renouveler": ("renouvellement",), "radier": ("radiation",),
    "aider": ("aide",), "verser": ("versement",), "mourir": ("mort",), "naitre": ("naissance",),
    "demenager": ("demenagement",), "echanger": ("echange",), "attribuer": ("attribution",),
    "distribuer": ("distribution",), "contribuer": ("contribution",), "restituer": ("restitution",),
    "hiver": ("hivernal", "hivernale"),
}

#: Words a rule would join to a verb they do not come from (« porter » is not « portion »).
FALSE_FRIENDS = frozenset(
    "passion pension portion version notion motion lotion nation station mention question session potion "
    "ration relation creation station fraction nage page rage cage sage mage gage image commission mission "
    "commettre emission".split()
)
MIN_ROOT = 2


def _rule_applies(root, verb_end):
    """« ter » → « tion » only after a consonant or « u » (préempter, exécuter), where « ation » does not fit."""
    return len(root) >= MIN_ROOT and (verb_end != "ter" or root[-1] not in "aeio")


def _infinitives(form):
    """The infinitive a past participle comes from: « radiee » → « radier », « radie » → « radier », « expulse » → « expulser »."""
    if form.endswith("ie"):
        return [form + "r"]
    if form.endswith("ee"):
        return [form[:-1] + "r"]
    if form.endswith("e") and len(form) > 4 and form[-2] not in "aeiouy" and not form.endswith(("age", "ure", "que", "re")):
        return [form + "r"]
    return []


def _irregular_index():
    index = {}
    for verb, nouns in IRREGULAR.items():
        index.setdefault(verb, set()).update(nouns)
        for noun in nouns:
            index.setdefault(noun, set()).add(verb)
    return index


_IRREGULAR = _irregular_index()


def relatives(word):
    """The other members of ``word``'s family (folded), without ``word`` itself, in a stable order."""
    found = []
    base = word[:-1] if word.endswith("s") and len(word) > 4 else word      # « radiations » → « radiation »
    if word in FALSE_FRIENDS or base in FALSE_FRIENDS:
        return ()
    candidates = [word, base, *_infinitives(base)]
    for form in candidates:
        found.extend(_IRREGULAR.get(form, ()))
        for verb_end, noun_end in SUFFIX_RULES:
            if form.endswith(verb_end) and _rule_applies(form[:-len(verb_end)], verb_end):
                found.append(form[:-len(verb_end)] + noun_end)
            if form.endswith(noun_end) and _rule_applies(form[:-len(noun_end)], verb_end):
                found.append(form[:-len(noun_end)] + verb_end)
    out = []
    for form in found:
        if form not in (word, base) and form not in FALSE_FRIENDS and form not in out and form not in candidates[2:]:
            out.append(form)
    participle = candidates[2:]
    return tuple(out + [p for p in participle if p not in (word, base) and p not in out])
