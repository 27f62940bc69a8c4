"""The alloy lab: compose an alloy from element tokens, pick a heat treatment, see what you made."""
