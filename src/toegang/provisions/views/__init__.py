"""Pages of provisions, one module per screen (provisions/urls.py imports the modules):

    social_map.py   the public social map
    catalogue.py    the catalogue of my profiles: provisions, products, tariffs; the mandate matrix
    indications.py  the provisions of a case (a proposal from the plan) or of a single question's aanvraag (a
                    proposal without a case), and the indication page with its posts
    decisions.py    the decision page, its letter, the second opinion, sending, correcting, objections
    worklist.py     the mandate worklist
    budget.py       budgets per law and category, providers' contract ceilings (and changing a ceiling)
"""
