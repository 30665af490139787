"""Sync: the wire protocol, the merge rules shared by client and server, and the sync client.

Only the client module touches ``store``; ``protocol`` and ``merge`` depend on nothing but
``care``, so the server shares them without the laptop's database.
"""
