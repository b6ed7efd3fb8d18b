"""Pages of accounts, one module per screen (accounts/urls.py imports the modules):

    account.py   one's own account: the API keys (API-sleutels, issue 13 item 4) and the second factor (item 2)
    staff.py     staff administration by functional administration (Medewerkers, issue 13 item 3)
"""
